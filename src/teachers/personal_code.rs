//! The personal code (個人專用識別碼, docs/design.md §4): 9 symbols drawn from a
//! CSPRNG over Crockford's Base32 alphabet and one check symbol, the 45-bit
//! value mod 37. A draw whose check value would be 32 or more is drawn
//! again, so every code uses only the 32 plain symbols and can be written on
//! paper and put in a URL. The check catches every single wrong symbol
//! (37 is prime and divides no 32^k·d with 0 < |d| < 32) and every swap of
//! neighbours (the difference is 31·32^k·(a−b), again not a multiple of 37).

use rand::Rng;

/// Crockford's Base32 symbols: 0-9A-Z without I, L, O, U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const LEN: usize = 10;

/// A well-formed code with a correct check symbol, upper case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PersonalCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Not 10 symbols of the alphabet.
    Format,
    /// The check symbol does not match: a mistyped or swapped symbol.
    Check,
}

impl CodeError {
    /// What clients word it by (the `problem` param).
    pub fn problem(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::Check => "checksum",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::Format => {
                "A personal code has 10 letters and digits (without I, L, O, U), e.g. \
                 7KQ2-M9XA-4B; hyphens and spaces are ignored."
            }
            Self::Check => {
                "The personal code's last symbol does not match the others; a symbol is \
                 mistyped or two are swapped."
            }
        }
    }
}

fn symbol_value(c: char) -> Option<u64> {
    // Crockford's decoding also reads O as 0 and I, L as 1.
    let c = match c {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|i| i as u64)
}

fn check_value(symbols: &[u64]) -> u64 {
    symbols.iter().fold(0u64, |acc, s| acc * 32 + s) % 37
}

impl PersonalCode {
    /// Draws a fresh code; the caller retries on a (rare) collision.
    pub fn generate() -> Self {
        Self::generate_with(&mut rand::rng())
    }

    /// Draws a code from `rng`: a CSPRNG for real codes, a seeded one for
    /// reproducible synthetic data.
    pub fn generate_with(rng: &mut impl Rng) -> Self {
        loop {
            let symbols: Vec<u64> = (0..LEN - 1).map(|_| rng.random_range(0..32)).collect();
            let check = check_value(&symbols);
            if check < 32 {
                let mut s: String = symbols
                    .iter()
                    .map(|&v| ALPHABET[v as usize] as char)
                    .collect();
                s.push(ALPHABET[check as usize] as char);
                return Self(s);
            }
        }
    }

    /// Case-insensitive; hyphens and spaces are ignored.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let values: Vec<u64> = input
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\u{3000}'))
            .flat_map(char::to_uppercase)
            .map(|c| symbol_value(c).ok_or(CodeError::Format))
            .collect::<Result<_, _>>()?;
        if values.len() != LEN {
            return Err(CodeError::Format);
        }
        if check_value(&values[..LEN - 1]) != values[LEN - 1] {
            return Err(CodeError::Check);
        }
        Ok(Self(
            values
                .iter()
                .map(|&v| ALPHABET[v as usize] as char)
                .collect(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code_strategy() -> impl Strategy<Value = PersonalCode> {
        // Generation itself, many times over.
        Just(()).prop_map(|_| PersonalCode::generate())
    }

    proptest! {
        #[test]
        fn generated_codes_parse_back(code in code_strategy()) {
            prop_assert_eq!(code.0.len(), LEN);
            prop_assert!(code.0.bytes().all(|b| ALPHABET.contains(&b)));
            prop_assert_eq!(PersonalCode::parse(&code.0.to_lowercase()), Ok(code.clone()));
            let grouped = format!("{}-{} {}", &code.0[..4], &code.0[4..8], &code.0[8..]);
            prop_assert_eq!(PersonalCode::parse(&grouped), Ok(code));
        }

        #[test]
        fn every_single_wrong_symbol_is_caught(
            code in code_strategy(), position in 0..LEN, replacement in 0usize..32,
        ) {
            let mut bytes = code.0.clone().into_bytes();
            prop_assume!(bytes[position] != ALPHABET[replacement]);
            bytes[position] = ALPHABET[replacement];
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(PersonalCode::parse(&typo), Err(CodeError::Check));
        }

        #[test]
        fn every_swap_of_neighbours_is_caught(code in code_strategy(), position in 0..LEN - 1) {
            let mut bytes = code.0.clone().into_bytes();
            prop_assume!(bytes[position] != bytes[position + 1]);
            bytes.swap(position, position + 1);
            let swapped = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(PersonalCode::parse(&swapped), Err(CodeError::Check));
        }
    }

    #[test]
    fn exhaustively_every_substitution_and_swap_of_one_code_is_caught() {
        for _ in 0..200 {
            let code = PersonalCode::generate();
            for p in 0..LEN {
                for &r in ALPHABET {
                    let mut b = code.0.clone().into_bytes();
                    if b[p] == r {
                        continue;
                    }
                    b[p] = r;
                    assert_eq!(
                        PersonalCode::parse(std::str::from_utf8(&b).unwrap()),
                        Err(CodeError::Check)
                    );
                }
            }
        }
    }

    #[test]
    fn aliases_and_bad_symbols() {
        let code = PersonalCode::generate();
        let with_o = code.0.replace('0', "O");
        assert_eq!(PersonalCode::parse(&with_o), Ok(code));
        assert_eq!(PersonalCode::parse("ABCDEFGHJ"), Err(CodeError::Format));
        assert_eq!(PersonalCode::parse("ABCDEFGHJU"), Err(CodeError::Format));
        assert_eq!(PersonalCode::parse("ABCDEFGHJ*"), Err(CodeError::Format));
    }
}
