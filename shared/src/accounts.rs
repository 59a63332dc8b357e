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

/// A limit of `max` attempts per `window_seconds`, counted in fixed windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub window_seconds: u32,
    /// Windows start on the clock (on the hour, for an hour's window) rather than at the first
    /// attempt: a stored count then tells which window it belongs to, not when anyone came.
    pub aligned: bool,
}

/// The attempts counted so far in the current window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempts {
    pub window_start: Timestamp,
    pub count: u32,
}

impl RateLimit {
    /// Sign-in and invitation redemption, per phone number: ten tries in a quarter of an hour.
    pub const SIGN_IN_PER_PHONE: RateLimit = RateLimit {
        max: 10,
        window_seconds: 15 * 60,
        aligned: false,
    };

    /// Per client address, more: a whole village may reach us through one mobile operator's
    /// address.
    pub const SIGN_IN_PER_ADDRESS: RateLimit = RateLimit {
        max: 100,
        window_seconds: 15 * 60,
        aligned: false,
    };

    /// Grievances filed on the web, per client address: ten an hour, in clock hours, so that the
    /// count kept for the limit cannot be matched to the minute a grievance was filed.
    pub const FILING_PER_ADDRESS: RateLimit = RateLimit {
        max: 10,
        window_seconds: 60 * 60,
        aligned: true,
    };

    /// When a window opened at `now` starts: on the clock for an aligned limit, else at `now`.
    pub fn window_start(self, now: Timestamp) -> Timestamp {
        let window_ms = i64::from(self.window_seconds) * 1000;
        if self.aligned && window_ms > 0 {
            Timestamp::from_millis(now.millis().div_euclid(window_ms) * window_ms)
        } else {
            now
        }
    }

    /// Counts one more attempt at `now`: the new count to store, or the seconds to wait.
    pub fn admit(self, held: Option<Attempts>, now: Timestamp) -> Result<Attempts, u32> {
        let window_ms = i64::from(self.window_seconds) * 1000;
        match held {
            Some(a) if now.millis() - a.window_start.millis() < window_ms => {
                if a.count >= self.max {
                    let left_ms = a.window_start.millis() + window_ms - now.millis();
                    Err(u32::try_from((left_ms + 999) / 1000)
                        .unwrap_or(self.window_seconds)
                        .max(1))
                } else {
                    Ok(Attempts {
                        count: a.count + 1,
                        ..a
                    })
                }
            }
            _ => Ok(Attempts {
                window_start: self.window_start(now),
                count: 1,
            }),
        }
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
        let limit = RateLimit {
            max: 10,
            window_seconds: 60,
            aligned: false,
        };
        let start = Timestamp::from_millis(1_000_000);
        let mut held = None;
        for _ in 0..10 {
            held = Some(limit.admit(held, start).unwrap());
        }
        let later = Timestamp::from_millis(1_000_000 + 15_000);
        assert_eq!(limit.admit(held, later), Err(45));
        let next_window = Timestamp::from_millis(1_000_000 + 60_000);
        assert_eq!(limit.admit(held, next_window).map(|a| a.count), Ok(1));
    }

    #[test]
    fn an_aligned_window_starts_on_the_hour_and_ends_with_it() {
        let limit = RateLimit::FILING_PER_ADDRESS;
        let hour = 3_600_000;
        let first = Timestamp::from_millis(500 * hour + 1_234_567);
        let mut held = Some(limit.admit(None, first).unwrap());
        assert_eq!(
            held.map(|a| a.window_start),
            Some(Timestamp::from_millis(500 * hour))
        );
        for _ in 1..limit.max {
            held = Some(limit.admit(held, first).unwrap());
        }
        // Refused until the clock hour ends, not an hour after the first attempt.
        let wait = (hour - 1_234_567 + 999) / 1000;
        assert_eq!(limit.admit(held, first), Err(u32::try_from(wait).unwrap()));
        let next_hour = Timestamp::from_millis(501 * hour + 5);
        assert_eq!(
            limit.admit(held, next_hour),
            Ok(Attempts {
                window_start: Timestamp::from_millis(501 * hour),
                count: 1
            })
        );
    }
}
