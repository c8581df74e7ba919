//! The archive's identifiers and languages: validated at construction, so that a wrong id cannot exist.
//! `EventId` (`2024-03-07-wang-yi`), `ExchangeId` (`q05`), `OutletId` and `TopicId` (slugs), and `Lang`.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A language of the archive. Chinese is the original; English the translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese, the original.
    Zh,
    /// English, the translation.
    En,
}

impl Lang {
    /// Both languages, Chinese first (the order pages and files list them in).
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The short code used in file names (`.zh.md`) and front matter.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for `<html lang>` and hreflang.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    /// The folder of this language's pages under the site root: `""` or `"en/"`.
    pub fn url_prefix(self) -> &'static str {
        match self {
            Lang::Zh => "",
            Lang::En => "en/",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(IdError::new("language", s, "expected `zh` or `en`")),
        }
    }
}

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} `{value}`: {why}")]
pub struct IdError {
    /// What kind of identifier was expected (`event id`, `outlet id`, …).
    pub kind: &'static str,
    /// The string refused.
    pub value: String,
    /// Which rule it breaks.
    pub why: &'static str,
}

impl IdError {
    fn new(kind: &'static str, value: &str, why: &'static str) -> Self {
        IdError { kind, value: value.to_string(), why }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Defines a validated string identifier: constructed only through `FromStr`/`TryFrom<String>`.
macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $check:expr, $why:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The identifier as written in files and URLs.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                let check: fn(&str) -> bool = $check;
                if check(s) { Ok($name(s.to_string())) } else { Err(IdError::new($kind, s, $why)) }
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(
    /// `YYYY-MM-DD-slug`: unique across the archive, the file stem and the URL segment of an event.
    EventId,
    "event id",
    |s| s.len() > 11
        && s.as_bytes()[10] == b'-'
        && s[..10].parse::<Date>().is_ok()
        && is_slug(&s[11..]),
    "expected YYYY-MM-DD-slug (lowercase letters, digits, hyphens)"
);

slug_id!(
    /// An outlet's id in `outlets.yaml`.
    OutletId,
    "outlet id",
    is_slug,
    "expected a slug (lowercase letters, digits, hyphens)"
);

slug_id!(
    /// A topic's id in `topics.yaml`; also its URL segment under `topics/`.
    TopicId,
    "topic id",
    is_slug,
    "expected a slug (lowercase letters, digits, hyphens)"
);

impl EventId {
    /// The date the id starts with (validated at construction).
    pub fn date_prefix(&self) -> &str {
        &self.0[..10]
    }
}

/// An exchange's number within its event, shown as `q01`, `q27`, `q112`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ExchangeId(u32);

impl ExchangeId {
    /// `n` must be at least 1.
    pub fn new(n: u32) -> Result<Self, IdError> {
        if n == 0 { Err(IdError::new("exchange id", "q00", "exchange numbers start at 1")) } else { Ok(ExchangeId(n)) }
    }

    /// The exchange's number (at least 1): `q05` is 5.
    pub fn number(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ExchangeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "q{:02}", self.0)
    }
}

impl FromStr for ExchangeId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let bad = || IdError::new("exchange id", s, "expected `q` and at least two digits, e.g. q05");
        let digits = s.strip_prefix('q').ok_or_else(bad)?;
        if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        // `q05` and `q005` would be the same number: only the canonical spelling is accepted.
        let n: u32 = digits.parse().map_err(|_| bad())?;
        let id = ExchangeId::new(n).map_err(|_| bad())?;
        if id.to_string() != s {
            return Err(bad());
        }
        Ok(id)
    }
}

impl TryFrom<String> for ExchangeId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        s.parse()
    }
}

impl From<ExchangeId> for String {
    fn from(id: ExchangeId) -> String {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_ids_round_trip_and_reject_non_canonical() {
        assert_eq!("q05".parse::<ExchangeId>().unwrap().number(), 5);
        assert_eq!(ExchangeId::new(112).unwrap().to_string(), "q112");
        for bad in ["q5", "q005", "q00", "05", "qa1", "q-1", ""] {
            assert!(bad.parse::<ExchangeId>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn event_ids_start_with_a_real_date() {
        assert!("2024-03-07-wang-yi".parse::<EventId>().is_ok());
        for bad in ["2024-03-07", "2024-13-07-x", "2024-03-07-Wang", "2024-03-07--x", "x-2024-03-07"] {
            assert!(bad.parse::<EventId>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn slugs_reject_uppercase_and_edges() {
        assert!("south-china-sea".parse::<TopicId>().is_ok());
        for bad in ["", "-a", "a-", "A", "a b", "台湾"] {
            assert!(bad.parse::<TopicId>().is_err(), "{bad} accepted");
        }
    }
}
