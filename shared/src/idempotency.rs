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

/// A key as the API accepts it: 22 to 64 letters, digits, `-` or `_` (a UUID fits), so that it
/// holds nothing but itself. The key is a secret: for a write made with no account (a grievance
/// filed on the web) whoever holds it may read the first answer again, so it must be as hard to
/// guess as a random version-4 UUID (122 bits). A key cannot prove its randomness, but one whose
/// form carries fewer bits, or that repeats a handful of symbols (`aaaa…`, `abab…`), is refused.
#[derive(Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// 22 symbols of base64url carry 132 bits; a UUID's 36 characters carry 122.
    pub const MIN_LEN: u32 = 22;
    pub const MAX_LEN: u32 = 64;
    /// A random UUID has 16 hex digits to choose from for each of its 30 random places; one with
    /// fewer than this many distinct symbols (1 in 10^9 for a random one) was not made at random.
    pub const MIN_DISTINCT_SYMBOLS: usize = 6;

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
        let mut seen = [false; 128];
        for b in text.bytes().filter(|&b| b != b'-') {
            seen[usize::from(b & 0x7f)] = true;
        }
        if seen.iter().filter(|&&s| s).count() < Self::MIN_DISTINCT_SYMBOLS {
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
    fn a_key_with_too_few_distinct_symbols_to_be_random_is_refused() {
        for guessable in [
            "aaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
            "abababababababababababab",
            "00000000-0000-4000-8000-000000000000",
        ] {
            assert_eq!(
                IdempotencyKey::parse(guessable),
                Err(Problem::Malformed),
                "{guessable}"
            );
        }
    }

    #[test]
    fn a_short_long_or_odd_key_is_refused() {
        assert_eq!(
            IdempotencyKey::parse("abc"),
            Err(Problem::TooShort { min: 22 })
        );
        assert_eq!(
            IdempotencyKey::parse("0123456789abcdef0123"),
            Err(Problem::TooShort { min: 22 })
        );
        assert_eq!(
            IdempotencyKey::parse(&"a".repeat(65)),
            Err(Problem::TooLong { max: 64 })
        );
        assert_eq!(
            IdempotencyKey::parse("0123456789abcdef ghijklm"),
            Err(Problem::Malformed)
        );
        assert_eq!(
            IdempotencyKey::parse("0123456789abcdéf01234567"),
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
        let key = IdempotencyKey::parse("secretsecretsecret-kenes").unwrap();
        assert!(!format!("{key:?}").contains("secretsecret"));
    }

    proptest! {
        #[test]
        fn any_random_uuid_is_accepted(bits in any::<u128>()) {
            let uuid = uuid::Builder::from_random_bytes(bits.to_le_bytes()).into_uuid().to_string();
            prop_assert_eq!(IdempotencyKey::parse(&uuid).map(|k| k.as_str().to_owned()), Ok(uuid));
        }

        #[test]
        fn any_random_key_of_the_allowed_alphabet_and_length_is_accepted(key in "[A-Za-z0-9_]{22,64}") {
            prop_assume!(key.bytes().collect::<std::collections::HashSet<_>>().len() >= IdempotencyKey::MIN_DISTINCT_SYMBOLS);
            prop_assert_eq!(IdempotencyKey::parse(&key).map(|k| k.as_str().to_owned()), Ok(key));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,80}") {
            let _ = IdempotencyKey::parse(&text);
        }
    }
}
