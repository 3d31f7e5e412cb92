//! National IDs (身分證統一編號) and resident certificate numbers (居留證統一證號):
//! validation, the keyed hash that is the only form stored for matching, and
//! the masked form shown to people (docs/design.md §4). The plain value lives
//! only in the request that carries it and never reaches a log, an error
//! message or the database.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A validated ID, normalized to upper case without separators. Its `Debug`
/// shows only the masked form, so it cannot leak through a log line.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NationalId(String);

impl std::fmt::Debug for NationalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NationalId({})", self.masked())
    }
}

/// Why an ID is refused. Messages never repeat the ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdError {
    /// Not 10 characters of the right kinds.
    Format,
    /// The check digit does not match: a typing error.
    Checksum,
}

impl IdError {
    /// What clients word it by (the `problem` param).
    pub fn problem(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::Checksum => "checksum",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::Format => {
                "A national ID has a letter, then 1, 2, 8 or 9 (or a second letter A–D for an \
                 older resident certificate), then 8 digits, e.g. A123456789."
            }
            Self::Checksum => {
                "The national ID's check digit does not match; check for a mistyped character."
            }
        }
    }
}

/// The two-digit value of the leading letter (A=10 … Z=33, in the order the
/// Ministry of the Interior assigned them).
fn letter_value(c: char) -> Option<u32> {
    const ORDER: &str = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
    ORDER.find(c).map(|i| i as u32 + 10)
}

impl NationalId {
    /// Accepts lower case, spaces and hyphens.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .flat_map(char::to_uppercase)
            .collect();
        let chars: Vec<char> = s.chars().collect();
        if chars.len() != 10 || !chars[2..].iter().all(char::is_ascii_digit) {
            return Err(IdError::Format);
        }
        let first = letter_value(chars[0]).ok_or(IdError::Format)?;
        // The second symbol: a digit (1/2 citizens, 8/9 residents since 2021)
        // or, on older resident certificates, a letter A–D that counts as
        // the last digit of its letter value.
        let second = match chars[1] {
            '1' | '2' | '8' | '9' => chars[1].to_digit(10).unwrap_or(0),
            'A'..='D' => letter_value(chars[1]).ok_or(IdError::Format)? % 10,
            _ => return Err(IdError::Format),
        };
        let digits: Vec<u32> = chars[2..].iter().filter_map(|c| c.to_digit(10)).collect();
        let mut sum = first / 10 + (first % 10) * 9 + second * 8;
        for (i, d) in digits[..7].iter().enumerate() {
            sum += d * (7 - i as u32);
        }
        sum += digits[7];
        if sum % 10 != 0 {
            return Err(IdError::Checksum);
        }
        Ok(Self(s))
    }

    /// `A12****789`: enough for a person to recognise, not to reconstruct.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }

    /// HMAC-SHA-256 under the server's key: equal IDs give equal hashes, and
    /// without the key the hash reveals nothing (the ID space is small
    /// enough to enumerate, so a plain hash would not do).
    pub fn keyed_hash(&self, key: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
        mac.update(self.0.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids_of_every_kind_are_accepted_and_normalized() {
        // A123456789: the Ministry of the Interior's textbook example.
        let id = NationalId::parse("a123-456 789").unwrap();
        assert_eq!(id.masked(), "A12****789");
        // A resident certificate issued since 2021 (second digit 8 or 9).
        NationalId::parse("A800000014").unwrap();
        // An older resident certificate (second letter A–D).
        NationalId::parse("AC01234567").unwrap();
    }

    #[test]
    fn a_mistyped_digit_is_a_checksum_error_and_a_malformed_id_a_format_error() {
        assert_eq!(NationalId::parse("A123456788"), Err(IdError::Checksum));
        assert_eq!(NationalId::parse("A323456789"), Err(IdError::Format));
        assert_eq!(NationalId::parse("A12345678"), Err(IdError::Format));
        assert_eq!(NationalId::parse("1234567890"), Err(IdError::Format));
        assert_eq!(NationalId::parse("AE23456789"), Err(IdError::Format));
    }

    #[test]
    fn debug_output_and_messages_never_contain_the_id() {
        let id = NationalId::parse("A800000014").unwrap();
        assert!(!format!("{id:?}").contains("A800000014"));
        for e in [IdError::Format, IdError::Checksum] {
            assert!(!e.message().contains("A800000014"));
        }
    }

    #[test]
    fn the_hash_depends_on_the_key_and_the_id() {
        let a = NationalId::parse("A123456789").unwrap();
        let b = NationalId::parse("A800000014").unwrap();
        assert_eq!(a.keyed_hash(b"k1"), a.keyed_hash(b"k1"));
        assert_ne!(a.keyed_hash(b"k1"), a.keyed_hash(b"k2"));
        assert_ne!(a.keyed_hash(b"k1"), b.keyed_hash(b"k1"));
        assert_eq!(a.keyed_hash(b"k1").len(), 32);
    }
}
