//! Accounts. People join only by invitation: a programme manager invites someone as a council
//! member of one council, an assessor or a manager, with a one-time code that expires after 14
//! days and can be revoked. Redeeming it sets a display name, a phone number and a password; the
//! phone number and password then sign in. A session lasts 30 days from the last use and 90 days
//! at most. Sign-in and redemption are rate-limited.

use crate::codes::{self, CodeError};
use crate::ids::{CouncilId, ProgrammeId};
use crate::roles::Role;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A phone number in E.164 form, such as `+77011234567`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct PhoneNumber(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    /// Not a phone number: letters, or too few or too many digits.
    Malformed,
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        PhoneNumber::parse(&text).map_err(|_| serde::de::Error::custom("not a phone number"))
    }
}

impl PhoneNumber {
    /// Reads a number as people write it: `+7 701 123 45 67`, `8 (701) 123-45-67` (Kazakhstan's
    /// trunk prefix), `00996 555 123 456`, `+996 555 123 456`.
    pub fn parse(typed: &str) -> Result<Self, PhoneError> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let international = typed.starts_with('+');
        let mut digits = String::with_capacity(typed.len());
        for c in typed.chars().skip(usize::from(international)) {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '.' | '\u{a0}' => {}
                _ => return Err(PhoneError::Malformed),
            }
        }
        let digits = if international {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_owned()
        } else if digits.len() == 11 && digits.starts_with('8') {
            format!("7{}", &digits[1..])
        } else {
            return Err(PhoneError::Malformed);
        };
        let valid = match digits.as_bytes() {
            // Kazakhstan and Russia: 7 and ten digits.
            [b'7', rest @ ..] => rest.len() == 10,
            // Kyrgyzstan: 996 and nine digits.
            [b'9', b'9', b'6', rest @ ..] => rest.len() == 9,
            [b'0', ..] => false,
            other => (8..=15).contains(&other.len()),
        };
        if valid {
            Ok(Self(format!("+{digits}")))
        } else {
            Err(PhoneError::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: long enough to resist guessing, short enough to type on a phone.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordError {
    TooShort { min: u32 },
    TooLong { max: u32 },
}

impl Password {
    pub const MIN_CHARS: u32 = 8;
    pub const MAX_CHARS: u32 = 128;

    pub fn parse(typed: &str) -> Result<Self, PasswordError> {
        let length = u32::try_from(typed.chars().count()).unwrap_or(u32::MAX);
        if length < Self::MIN_CHARS {
            Err(PasswordError::TooShort {
                min: Self::MIN_CHARS,
            })
        } else if length > Self::MAX_CHARS {
            Err(PasswordError::TooLong {
                max: Self::MAX_CHARS,
            })
        } else {
            Ok(Self(typed.to_owned()))
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// An invitation code: 26 random symbols (130 bits) and a check symbol, written in groups of
/// four so it can be dictated over the phone. Only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct InvitationCode(Vec<u8>);

impl InvitationCode {
    const DATA_SYMBOLS: usize = 26;

    /// A new code from 17 random bytes (the caller's source of randomness); 130 bits are used.
    pub fn from_random(bytes: [u8; 17]) -> Self {
        Self(codes::from_bits(&bytes, Self::DATA_SYMBOLS))
    }

    pub fn parse(typed: &str) -> Result<Self, CodeError> {
        codes::parse(typed, Self::DATA_SYMBOLS + 1).map(Self)
    }
}

impl fmt::Display for InvitationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&codes::display(&self.0))
    }
}

impl fmt::Debug for InvitationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InvitationCode(…)")
    }
}

/// What an invitation makes its holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub programme: ProgrammeId,
    pub role: Role,
    /// The council of a council member; `None` for company staff.
    pub council: Option<CouncilId>,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationError {
    Expired,
    Used,
    Revoked,
    /// A council member is invited to a council; staff are not.
    CouncilMismatch,
}

impl Invitation {
    pub const VALID_DAYS: i64 = 14;

    /// A new invitation, valid for 14 days from `now`.
    pub fn new(
        programme: ProgrammeId,
        role: Role,
        council: Option<CouncilId>,
        now: Timestamp,
    ) -> Result<Self, InvitationError> {
        if (role == Role::CouncilMember) != council.is_some() {
            return Err(InvitationError::CouncilMismatch);
        }
        Ok(Self {
            programme,
            role,
            council,
            expires_at: now.plus_days(Self::VALID_DAYS),
            used_at: None,
            revoked_at: None,
        })
    }

    /// Whether the invitation may be redeemed at `now`.
    pub fn check_redeemable(&self, now: Timestamp) -> Result<(), InvitationError> {
        if self.revoked_at.is_some() {
            Err(InvitationError::Revoked)
        } else if self.used_at.is_some() {
            Err(InvitationError::Used)
        } else if now >= self.expires_at {
            Err(InvitationError::Expired)
        } else {
            Ok(())
        }
    }
}

/// A signed-in session's times, from which its validity follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionTimes {
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

impl SessionTimes {
    /// Phones stay signed in: a session ends after 30 days unused.
    pub const IDLE_DAYS: i64 = 30;
    /// And after 90 days however much it is used.
    pub const ABSOLUTE_DAYS: i64 = 90;

    pub fn is_valid(&self, now: Timestamp) -> bool {
        now < self.last_seen_at.plus_days(Self::IDLE_DAYS)
            && now < self.created_at.plus_days(Self::ABSOLUTE_DAYS)
    }

    /// When the session ends if it is not used again.
    pub fn expires_at(&self) -> Timestamp {
        self.last_seen_at
            .plus_days(Self::IDLE_DAYS)
            .min(self.created_at.plus_days(Self::ABSOLUTE_DAYS))
    }
}

/// A limit of `max` attempts per `window_seconds`, counted in fixed windows that start on the
/// clock (on the hour, for an hour's window), never at the first attempt: a stored count then
/// tells which window it belongs to, not when anyone came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub window_seconds: u32,
}

/// What an attempt is counted against. Each is keyed under its own purpose, with a keyed hash,
/// so that the counts of two limits never share a key, even for the same address, and a key
/// cannot be turned back into an address or a phone number by someone who has the database.
///
/// Sign-in is limited per phone number so that a password cannot be guessed from many
/// addresses; a stranger who knows the number could then keep its owner out, so attempts from
/// a device that has signed in to that account before are counted apart, per device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// Sign-in and redemption, per client address.
    SignInFromAddress,
    /// Sign-in and redemption, per phone number, from devices not known to the account.
    SignInToPhone,
    /// Sign-in from a device the account signed in on before.
    SignInFromKnownDevice,
    /// Grievances filed on the web, per client address.
    FilingFromAddress,
}

impl Counted {
    pub const ALL: [Counted; 4] = [
        Counted::SignInFromAddress,
        Counted::SignInToPhone,
        Counted::SignInFromKnownDevice,
        Counted::FilingFromAddress,
    ];

    /// The purpose the key is derived under.
    pub fn purpose(self) -> &'static str {
        match self {
            Counted::SignInFromAddress => "sign-in from address",
            Counted::SignInToPhone => "sign-in to phone",
            Counted::SignInFromKnownDevice => "sign-in from known device",
            Counted::FilingFromAddress => "filing from address",
        }
    }

    pub fn limit(self) -> RateLimit {
        match self {
            // A whole village may reach us through one mobile operator's address.
            Counted::SignInFromAddress => RateLimit {
                max: 100,
                window_seconds: 15 * 60,
            },
            Counted::SignInToPhone | Counted::SignInFromKnownDevice => RateLimit {
                max: 10,
                window_seconds: 15 * 60,
            },
            // In clock hours, so that the count cannot be matched to the minute of a filing.
            Counted::FilingFromAddress => RateLimit {
                max: 10,
                window_seconds: 60 * 60,
            },
        }
    }
}

impl RateLimit {
    fn window_ms(self) -> i64 {
        i64::from(self.window_seconds.max(1)) * 1000
    }

    /// When the window holding `now` starts: on the clock.
    pub fn window_start(self, now: Timestamp) -> Timestamp {
        let window_ms = self.window_ms();
        Timestamp::from_millis(now.millis().div_euclid(window_ms) * window_ms)
    }

    /// When the window holding `now` ends, and its count is dropped.
    pub fn window_end(self, now: Timestamp) -> Timestamp {
        Timestamp::from_millis(self.window_start(now).millis() + self.window_ms())
    }

    /// Judges the attempt that is the `count`th in the window holding `now`: admitted, or the
    /// seconds to wait for the next window.
    pub fn judge(self, count: u32, now: Timestamp) -> Result<(), u32> {
        if count <= self.max {
            return Ok(());
        }
        let left_ms = self.window_end(now).millis() - now.millis();
        Err(u32::try_from((left_ms + 999) / 1000)
            .unwrap_or(self.window_seconds)
            .max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_numbers_are_read_in_any_common_form() {
        for typed in [
            "+7 701 123 45 67",
            "8 (701) 123-45-67",
            "87011234567",
            "007 701 1234567",
        ] {
            assert_eq!(
                PhoneNumber::parse(typed).unwrap().as_str(),
                "+77011234567",
                "{typed}"
            );
        }
    }

    #[test]
    fn kyrgyz_numbers_have_nine_digits_after_996() {
        assert_eq!(
            PhoneNumber::parse("+996 555 123 456").unwrap().as_str(),
            "+996555123456"
        );
        assert_eq!(
            PhoneNumber::parse("+996 555 123 45"),
            Err(PhoneError::Malformed)
        );
    }

    #[test]
    fn text_that_is_not_a_phone_number_is_refused() {
        assert_eq!(PhoneNumber::parse(""), Err(PhoneError::Empty));
        assert_eq!(PhoneNumber::parse("call me"), Err(PhoneError::Malformed));
        assert_eq!(PhoneNumber::parse("+7 701 123"), Err(PhoneError::Malformed));
        assert_eq!(
            PhoneNumber::parse("701 123 45 67"),
            Err(PhoneError::Malformed),
            "no country"
        );
    }

    #[test]
    fn a_password_has_eight_to_128_characters() {
        assert_eq!(
            Password::parse("short"),
            Err(PasswordError::TooShort { min: 8 })
        );
        assert!(Password::parse("ауыл-кеңесі").is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(129)),
            Err(PasswordError::TooLong { max: 128 })
        );
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let password = Password::parse("secret-password").unwrap();
        assert!(!format!("{password:?}").contains("secret"));
    }

    #[test]
    fn an_invitation_code_carries_130_bits_and_reads_back() {
        let code = InvitationCode::from_random([0xa5; 17]);
        let text = code.to_string();
        assert_eq!(text.replace('-', "").len(), 27);
        assert_eq!(InvitationCode::parse(&text), Ok(code));
    }

    fn t(day: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000).plus_days(day)
    }

    fn invitation() -> Invitation {
        Invitation::new(
            ProgrammeId::from_u128(1),
            Role::CouncilMember,
            Some(CouncilId::from_u128(2)),
            t(0),
        )
        .unwrap()
    }

    #[test]
    fn an_invitation_expires_after_fourteen_days() {
        assert_eq!(invitation().check_redeemable(t(13)), Ok(()));
        assert_eq!(
            invitation().check_redeemable(t(14)),
            Err(InvitationError::Expired)
        );
    }

    #[test]
    fn a_used_or_revoked_invitation_cannot_be_redeemed() {
        let used = Invitation {
            used_at: Some(t(1)),
            ..invitation()
        };
        assert_eq!(used.check_redeemable(t(2)), Err(InvitationError::Used));
        let revoked = Invitation {
            revoked_at: Some(t(1)),
            ..invitation()
        };
        assert_eq!(
            revoked.check_redeemable(t(2)),
            Err(InvitationError::Revoked)
        );
    }

    #[test]
    fn a_council_member_is_invited_to_a_council_and_staff_are_not() {
        let programme = ProgrammeId::from_u128(1);
        assert_eq!(
            Invitation::new(programme, Role::CouncilMember, None, t(0)),
            Err(InvitationError::CouncilMismatch)
        );
        assert_eq!(
            Invitation::new(
                programme,
                Role::Assessor,
                Some(CouncilId::from_u128(2)),
                t(0)
            ),
            Err(InvitationError::CouncilMismatch)
        );
    }

    #[test]
    fn a_session_ends_after_thirty_idle_days_or_ninety_in_all() {
        let fresh = SessionTimes {
            created_at: t(0),
            last_seen_at: t(0),
        };
        assert!(fresh.is_valid(t(29)));
        assert!(!fresh.is_valid(t(30)));
        let busy = SessionTimes {
            created_at: t(0),
            last_seen_at: t(89),
        };
        assert!(busy.is_valid(t(89)));
        assert!(!busy.is_valid(t(90)));
        assert_eq!(busy.expires_at(), t(90));
    }

    #[test]
    fn the_eleventh_attempt_in_a_window_waits_for_the_window_to_end() {
        let limit = Counted::SignInToPhone.limit();
        let quarter = 15 * 60_000;
        let now = Timestamp::from_millis(4000 * quarter + 15_000);
        for count in 1..=10 {
            assert_eq!(limit.judge(count, now), Ok(()));
        }
        assert_eq!(limit.judge(11, now), Err(15 * 60 - 15));
        assert_eq!(limit.judge(500, now), Err(15 * 60 - 15));
    }

    #[test]
    fn every_window_starts_and_ends_on_the_clock() {
        let hour = 3_600_000;
        let first = Timestamp::from_millis(500 * hour + 1_234_567);
        let filing = Counted::FilingFromAddress.limit();
        assert_eq!(
            filing.window_start(first),
            Timestamp::from_millis(500 * hour)
        );
        assert_eq!(filing.window_end(first), Timestamp::from_millis(501 * hour));
        let sign_in = Counted::SignInFromAddress.limit();
        assert_eq!(
            sign_in.window_start(first),
            Timestamp::from_millis(500 * hour + 15 * 60_000)
        );
        // Refused until the clock hour ends, not an hour after the first attempt.
        let wait = (hour - 1_234_567 + 999) / 1000;
        assert_eq!(filing.judge(11, first), Err(u32::try_from(wait).unwrap()));
    }

    #[test]
    fn every_count_has_a_purpose_of_its_own() {
        let purposes: std::collections::HashSet<_> =
            Counted::ALL.iter().map(|c| c.purpose()).collect();
        assert_eq!(purposes.len(), Counted::ALL.len());
    }

    proptest::proptest! {
        #[test]
        fn a_window_holds_the_instant_it_was_asked_for(ms in 0i64..253_402_300_000_000, which in 0usize..4) {
            let limit = Counted::ALL[which].limit();
            let now = Timestamp::from_millis(ms);
            proptest::prop_assert!(limit.window_start(now) <= now && now < limit.window_end(now));
            proptest::prop_assert_eq!(limit.window_start(now).millis() % (i64::from(limit.window_seconds) * 1000), 0);
        }
    }
}
