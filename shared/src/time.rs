//! Time as Kenes stores it: instants in UTC and calendar dates. The crate never reads a clock;
//! callers pass `now` in, which keeps every deadline rule a pure function.
//!
//! On the wire an instant is an RFC 3339 string in UTC (`2026-11-25T20:33:00.000Z`) and a date
//! is `YYYY-MM-DD`. Instants are always written with milliseconds, so that their text sorts as
//! their time does: the database orders and compares them as text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

const MS_PER_DAY: i64 = 86_400_000;
/// Kenes keeps times within the years 0000 to 9999, which four-digit text can show.
const FIRST_DAY: i32 = -719_528; // 0000-01-01
const LAST_DAY: i32 = 2_932_896; // 9999-12-31
const FIRST_MS: i64 = FIRST_DAY as i64 * MS_PER_DAY;
const LAST_MS: i64 = (LAST_DAY as i64 + 1) * MS_PER_DAY - 1;

/// An instant, as milliseconds since 1970-01-01T00:00:00Z, within the years 0000 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// A calendar date, as days since 1970-01-01, within the years 0000 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeParseError;

impl fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a date as YYYY-MM-DD or a time as YYYY-MM-DDTHH:MM:SSZ")
    }
}

impl Timestamp {
    /// The instant `ms` milliseconds after the epoch, held within the years 0000 to 9999.
    pub const fn from_millis(ms: i64) -> Self {
        Self(if ms < FIRST_MS {
            FIRST_MS
        } else if ms > LAST_MS {
            LAST_MS
        } else {
            ms
        })
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    /// The same instant `days` later (or earlier when negative).
    #[must_use]
    pub fn plus_days(self, days: i64) -> Self {
        Self::from_millis(self.0.saturating_add(days.saturating_mul(MS_PER_DAY)))
    }

    /// The UTC calendar date of this instant.
    pub fn date(self) -> Date {
        #[allow(clippy::cast_possible_truncation)]
        // i64 days / 86.4M ms fits i32 for ±5.8 million years
        Date(self.0.div_euclid(MS_PER_DAY) as i32)
    }

    /// The latest calendar date anywhere on Earth at this moment (UTC+14). A date typed by
    /// someone whose day began ahead of UTC (Almaty, Bishkek) is not "in the future".
    pub fn latest_date(self) -> Date {
        Timestamp(self.0 + 14 * 3_600_000).date()
    }

    /// Whole days from `self` to `later`, rounded down; negative when `later` is earlier.
    pub fn days_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(MS_PER_DAY)
    }

    pub fn parse(s: &str) -> Result<Self, TimeParseError> {
        let (date, rest) = s.split_once('T').ok_or(TimeParseError)?;
        let date = Date::parse(date)?;
        let rest = rest.strip_suffix('Z').ok_or(TimeParseError)?;
        let (hms, fraction) = match rest.split_once('.') {
            Some((hms, fraction)) => (hms, Some(fraction)),
            None => (rest, None),
        };
        let mut parts = hms.split(':').map(parse_digits);
        let (Some(Some(h)), Some(Some(m)), Some(Some(sec)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TimeParseError);
        };
        if h > 23 || m > 59 || sec > 59 {
            return Err(TimeParseError);
        }
        let ms = match fraction {
            None => 0,
            // Digits only, checked before slicing: a slice inside a multi-byte character panics.
            Some(f) if (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
                let padded = format!("{f:0<3}");
                parse_digits(padded.get(..3).ok_or(TimeParseError)?).ok_or(TimeParseError)?
            }
            Some(_) => return Err(TimeParseError),
        };
        let seconds_of_day = i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec);
        Ok(Self::from_millis(
            i64::from(date.0) * MS_PER_DAY + seconds_of_day * 1000 + i64::from(ms),
        ))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (h, m, s, ms) = (
            ms_of_day / 3_600_000,
            ms_of_day / 60_000 % 60,
            ms_of_day / 1000 % 60,
            ms_of_day % 1000,
        );
        write!(f, "{}T{h:02}:{m:02}:{s:02}.{ms:03}Z", self.date())
    }
}

impl Date {
    /// The date `days` after 1970-01-01, held within the years 0000 to 9999.
    pub const fn from_days(days: i32) -> Self {
        Self(if days < FIRST_DAY {
            FIRST_DAY
        } else if days > LAST_DAY {
            LAST_DAY
        } else {
            days
        })
    }

    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self(days_from_civil(year, month, day)))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The first instant of this date in UTC.
    pub fn start(self) -> Timestamp {
        Timestamp(i64::from(self.0) * MS_PER_DAY)
    }

    #[must_use]
    pub fn plus_days(self, days: i32) -> Self {
        Self::from_days(self.0.saturating_add(days))
    }

    pub fn parse(s: &str) -> Result<Self, TimeParseError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(TimeParseError);
        }
        let year = parse_digits(&s[0..4]).ok_or(TimeParseError)?;
        let month = parse_digits(&s[5..7]).ok_or(TimeParseError)?;
        let day = parse_digits(&s[8..10]).ok_or(TimeParseError)?;
        #[allow(clippy::cast_possible_wrap)] // four digits
        Self::from_ymd(year as i32, month, day).ok_or(TimeParseError)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = (y - era * 400) as u32;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe as i32 + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

macro_rules! serde_as_text {
    ($t:ty, $what:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).map_err(|_| serde::de::Error::custom($what))
            }
        }
    };
}
serde_as_text!(Timestamp, "expected a UTC time as YYYY-MM-DDTHH:MM:SSZ");
serde_as_text!(Date, "expected a date as YYYY-MM-DD");

#[cfg(feature = "openapi")]
mod schema {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    use utoipa::openapi::{RefOr, Schema};

    impl utoipa::PartialSchema for super::Timestamp {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
                .into()
        }
    }
    impl utoipa::ToSchema for super::Timestamp {}

    impl utoipa::PartialSchema for super::Date {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
                .into()
        }
    }
    impl utoipa::ToSchema for super::Date {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_epoch_is_the_first_of_january_1970() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(
            Timestamp::from_millis(0).to_string(),
            "1970-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn a_leap_day_exists_only_in_leap_years() {
        assert!(Date::from_ymd(2024, 2, 29).is_some());
        assert!(Date::from_ymd(2023, 2, 29).is_none());
        assert!(Date::from_ymd(2000, 2, 29).is_some());
        assert!(Date::from_ymd(1900, 2, 29).is_none());
    }

    #[test]
    fn a_time_with_milliseconds_reads_back() {
        let t = Timestamp::parse("2026-11-25T20:33:00.120Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-25T20:33:00.120Z");
        assert_eq!(t.date().to_string(), "2026-11-25");
    }

    #[test]
    fn malformed_times_and_dates_are_refused() {
        for bad in [
            "",
            "2026-13-01",
            "2026-02-30",
            "26-01-01",
            "2026-1-01",
            "2026-01-01T25:00:00Z",
        ] {
            assert!(
                Date::parse(bad).is_err() || Timestamp::parse(bad).is_err(),
                "{bad}"
            );
        }
        assert!(
            Timestamp::parse("2026-01-01T10:00:00").is_err(),
            "a time without Z is not UTC"
        );
    }

    #[test]
    fn times_beyond_the_year_9999_are_held_at_its_end() {
        assert_eq!(
            Timestamp::from_millis(i64::MAX).to_string(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(
            Timestamp::from_millis(i64::MIN).to_string(),
            "0000-01-01T00:00:00.000Z"
        );
        assert_eq!(
            Date::from_days(i32::MAX).plus_days(5).to_string(),
            "9999-12-31"
        );
    }

    proptest! {
        #[test]
        fn times_sort_as_text_as_they_do_in_time(a in FIRST_MS..=LAST_MS, b in FIRST_MS..=LAST_MS) {
            let (a, b) = (Timestamp::from_millis(a), Timestamp::from_millis(b));
            prop_assert_eq!(a.to_string().cmp(&b.to_string()), a.cmp(&b));
        }

        #[test]
        fn a_whole_second_sorts_before_a_later_millisecond(second in 0i64..4_000_000_000, ms in 1i64..1000) {
            let whole = Timestamp::from_millis(second * 1000);
            let later = Timestamp::from_millis(second * 1000 + ms);
            prop_assert!(whole.to_string() < later.to_string());
        }

        #[test]
        fn any_time_can_be_shown_and_read_back(ms: i64) {
            let t = Timestamp::from_millis(ms);
            prop_assert_eq!(Timestamp::parse(&t.to_string()), Ok(t));
        }

        #[test]
        fn every_date_reads_back_from_its_text(days in -719_468i32..2_932_896) {
            let date = Date::from_days(days);
            prop_assert_eq!(Date::parse(&date.to_string()), Ok(date));
        }

        #[test]
        fn every_time_reads_back_from_its_text(ms in 0i64..253_402_300_799_999) {
            let t = Timestamp::from_millis(ms);
            prop_assert_eq!(Timestamp::parse(&t.to_string()), Ok(t));
        }
    }
}
