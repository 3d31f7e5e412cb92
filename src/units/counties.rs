//! Taiwan's 22 counties and cities by the Ministry of the Interior's codes,
//! in the order official statistics list them (the six special
//! municipalities, then the counties, then the provincial cities, then
//! Fukien province). Sign-in sheets and reports sort by this order.

/// (MOI code, name), in official order.
pub const COUNTIES: [(&str, &str); 22] = [
    ("65000", "新北市"),
    ("63000", "臺北市"),
    ("68000", "桃園市"),
    ("66000", "臺中市"),
    ("67000", "臺南市"),
    ("64000", "高雄市"),
    ("10002", "宜蘭縣"),
    ("10004", "新竹縣"),
    ("10005", "苗栗縣"),
    ("10007", "彰化縣"),
    ("10008", "南投縣"),
    ("10009", "雲林縣"),
    ("10010", "嘉義縣"),
    ("10013", "屏東縣"),
    ("10014", "臺東縣"),
    ("10015", "花蓮縣"),
    ("10016", "澎湖縣"),
    ("10017", "基隆市"),
    ("10018", "新竹市"),
    ("10020", "嘉義市"),
    ("09020", "金門縣"),
    ("09007", "連江縣"),
];

/// The county's name, e.g. 臺北市 for 63000.
pub fn county_name(code: &str) -> Option<&'static str> {
    COUNTIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The codes in official order, for `ORDER BY array_position($codes, …)`.
pub fn codes_in_order() -> Vec<String> {
    COUNTIES.iter().map(|(c, _)| (*c).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_county_bureau_has_its_county() {
        let reference = include_str!("../seed/reference.toml");
        let bureaus = reference.matches("kind = \"county_bureau\"").count();
        assert_eq!(bureaus, COUNTIES.len());
        for (code, name) in COUNTIES {
            assert!(
                reference.contains(&format!("code = \"{code}\"\nname = \"{name}政府教育")),
                "{code} {name}"
            );
        }
    }
}
