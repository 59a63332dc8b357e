//! The languages of the interface. The app picks one from the browser and lets the user switch;
//! the API never sends user-facing text, only codes the app translates.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Kazakh.
    Kk,
    /// Russian: the language most residents and staff share, so the fallback.
    #[default]
    Ru,
    /// English.
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Kk, Locale::Ru, Locale::En];

    /// The BCP 47 language tag.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Kk => "kk",
            Locale::Ru => "ru",
            Locale::En => "en",
        }
    }

    /// The language for a BCP 47 tag such as `kk-KZ`, ignoring region and case.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.trim();
        Locale::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The first supported language in the user's list of preferences, in order.
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Locale {
        preferences
            .into_iter()
            .find_map(Locale::from_tag)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kazakh_phone_gets_kazakh() {
        assert_eq!(Locale::negotiate(["kk-KZ", "ru"]), Locale::Kk);
    }

    #[test]
    fn an_unsupported_first_choice_falls_through_to_the_next() {
        assert_eq!(Locale::negotiate(["de-DE", "en-GB"]), Locale::En);
    }

    #[test]
    fn with_no_supported_language_the_interface_is_russian() {
        assert_eq!(Locale::negotiate(["fr", "de"]), Locale::Ru);
        assert_eq!(Locale::negotiate([]), Locale::Ru);
    }
}
