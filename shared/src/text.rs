//! Validated text. Each kind of text people type has a type that can only be made by parsing,
//! so a value of that type is proof that the text is trimmed, within its limits and free of
//! control characters.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    /// Nothing but spaces was typed.
    Empty,
    /// Fewer characters than `min`.
    TooShort { min: u32 },
    /// More characters than `max`.
    TooLong { max: u32 },
    /// The text holds a control character (other than line breaks and tabs where allowed).
    ControlCharacter,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty => f.write_str("must not be empty"),
            TextError::TooShort { min } => write!(f, "must be at least {min} characters"),
            TextError::TooLong { max } => write!(f, "must be at most {max} characters"),
            TextError::ControlCharacter => f.write_str("must not contain control characters"),
        }
    }
}

fn check(text: &str, min: u32, max: u32, multiline: bool) -> Result<String, TextError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\t' || c == '\r');
    if trimmed.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(TextError::ControlCharacter);
    }
    let length = u32::try_from(trimmed.chars().count()).unwrap_or(u32::MAX);
    if length < min {
        return Err(TextError::TooShort { min });
    }
    if length > max {
        return Err(TextError::TooLong { max });
    }
    Ok(trimmed.replace("\r\n", "\n"))
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, min = $min:expr, max = $max:expr, multiline = $multi:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub const MIN_CHARS: u32 = $min;
            pub const MAX_CHARS: u32 = $max;

            pub fn parse(text: &str) -> Result<Self, TextError> {
                check(text, $min, $max, $multi).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

text_type!(
    /// A proposal's or project's title: one line, 5 to 140 characters.
    Title, min = 5, max = 140, multiline = false
);
text_type!(
    /// A description: up to 5,000 characters, line breaks allowed.
    Description, min = 1, max = 5000, multiline = true
);
text_type!(
    /// A published reason for a decision, a low score or an answer: at least 10 characters.
    Reason, min = 10, max = 5000, multiline = true
);
text_type!(
    /// A short comment or note, such as a spending entry's purpose: one line.
    Note, min = 1, max = 500, multiline = false
);
text_type!(
    /// The name of a person, village, council or programme: one line.
    Name, min = 1, max = 120, multiline = false
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed() {
        assert_eq!(
            Title::parse("  Clean water  ").unwrap().as_str(),
            "Clean water"
        );
    }

    #[test]
    fn a_title_must_have_five_to_140_characters() {
        assert_eq!(Title::parse("Well"), Err(TextError::TooShort { min: 5 }));
        assert!(Title::parse("Wells").is_ok());
        assert!(
            Title::parse(&"ә".repeat(140)).is_ok(),
            "characters are counted, not bytes"
        );
        assert_eq!(
            Title::parse(&"a".repeat(141)),
            Err(TextError::TooLong { max: 140 })
        );
    }

    #[test]
    fn a_blank_text_is_empty_not_short() {
        assert_eq!(Title::parse("   "), Err(TextError::Empty));
        assert_eq!(Description::parse("\n\t"), Err(TextError::Empty));
    }

    #[test]
    fn a_description_may_span_lines_but_a_title_may_not() {
        assert!(Description::parse("First line\nsecond line").is_ok());
        assert_eq!(
            Title::parse("First\nsecond"),
            Err(TextError::ControlCharacter)
        );
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            Description::parse("bell\u{7}"),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(
            Name::parse("nul\u{0}name"),
            Err(TextError::ControlCharacter)
        );
    }

    #[test]
    fn a_reason_needs_at_least_ten_characters() {
        assert_eq!(
            Reason::parse("too short"),
            Err(TextError::TooShort { min: 10 })
        );
        assert!(Reason::parse("The budget for roads is spent").is_ok());
    }

    #[test]
    fn a_description_is_at_most_5000_characters() {
        assert!(Description::parse(&"x".repeat(5000)).is_ok());
        assert_eq!(
            Description::parse(&"x".repeat(5001)),
            Err(TextError::TooLong { max: 5000 })
        );
    }

    #[test]
    fn invalid_text_is_refused_when_read_from_json() {
        assert!(serde_json::from_str::<Title>("\"Wel\"").is_err());
        assert!(serde_json::from_str::<Title>("\"  Wells  \"").is_ok());
    }
}
