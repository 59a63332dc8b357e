//! Exactly-once writes over a weak signal. A phone that sent a write and lost the answer cannot
//! know whether it arrived, so it sends it again with the same `Idempotency-Key`; the API then
//! answers with the first answer and does nothing twice. The key is made on the phone when the
//! write is first queued (a UUID, say) and kept with it until the answer arrives.

use crate::api::Problem;
use std::fmt;

/// The request header carrying the key.
pub const HEADER: &str = "idempotency-key";

/// How long the API remembers a write's answer: longer than a phone is likely to stay offline
/// with a write it sent but never heard back about.
pub const REMEMBERED_DAYS: i64 = 30;

/// A write still being done when its repeat arrives is taken over after this long: the first
/// attempt has failed without finishing.
pub const ABANDONED_AFTER_SECONDS: i64 = 60;

/// A key as the API accepts it: 16 to 64 letters, digits, `-` or `_` (a UUID fits), so that it
/// cannot be guessed and holds nothing but itself.
#[derive(Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub const MIN_LEN: u32 = 16;
    pub const MAX_LEN: u32 = 64;

    pub fn parse(text: &str) -> Result<IdempotencyKey, Problem> {
        let length = u32::try_from(text.len()).unwrap_or(u32::MAX);
        if length < Self::MIN_LEN {
            return Err(Problem::TooShort { min: Self::MIN_LEN });
        }
        if length > Self::MAX_LEN {
            return Err(Problem::TooLong { max: Self::MAX_LEN });
        }
        if !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Problem::Malformed);
        }
        Ok(IdempotencyKey(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The key is a secret that unlocks the stored answer: it is never printed in full.
impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IdempotencyKey({}…)",
            self.0.get(..4).unwrap_or_default()
        )
    }
}

/// Whether an answer with this status is remembered for repeats. Only a write that was done is:
/// a refused one changed nothing, so its repeat is judged again and may succeed once the
/// situation allows (signed in again, the field corrected on the phone).
pub fn remembers(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_uuid_is_a_key() {
        let key = IdempotencyKey::parse("3f2b8c1e-9a4d-4e7f-b6a1-0c5d2e8f7a90").unwrap();
        assert_eq!(key.as_str(), "3f2b8c1e-9a4d-4e7f-b6a1-0c5d2e8f7a90");
    }

    #[test]
    fn a_short_long_or_odd_key_is_refused() {
        assert_eq!(
            IdempotencyKey::parse("abc"),
            Err(Problem::TooShort { min: 16 })
        );
        assert_eq!(
            IdempotencyKey::parse(&"a".repeat(65)),
            Err(Problem::TooLong { max: 64 })
        );
        assert_eq!(
            IdempotencyKey::parse("0123456789abcdef ghij"),
            Err(Problem::Malformed)
        );
        assert_eq!(
            IdempotencyKey::parse("0123456789abcdéf01"),
            Err(Problem::Malformed)
        );
    }

    #[test]
    fn only_a_write_that_was_done_is_remembered() {
        assert!(remembers(200) && remembers(201) && remembers(204));
        for refused in [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503] {
            assert!(!remembers(refused), "{refused}");
        }
    }

    #[test]
    fn debug_does_not_print_the_key() {
        let key = IdempotencyKey::parse("secretsecretsecret").unwrap();
        assert!(!format!("{key:?}").contains("secretsecret"));
    }

    proptest! {
        #[test]
        fn any_key_of_the_allowed_alphabet_and_length_is_accepted(key in "[A-Za-z0-9_-]{16,64}") {
            prop_assert_eq!(IdempotencyKey::parse(&key).map(|k| k.as_str().to_owned()), Ok(key));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,80}") {
            let _ = IdempotencyKey::parse(&text);
        }
    }
}
