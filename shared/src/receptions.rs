//! Personal reception of citizens: managers publish who receives, where, on which days and hours,
//! and in which languages (the PKOP document's published schedules). The public sees a
//! programme's receptions with the next upcoming first.

use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A language a reception or a hotline call is held in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SpokenLanguage {
    #[serde(rename = "kk")]
    Kazakh,
    #[serde(rename = "ru")]
    Russian,
    #[serde(rename = "ky")]
    Kyrgyz,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "zh")]
    Chinese,
}

impl SpokenLanguage {
    pub const ALL: [SpokenLanguage; 5] = [
        SpokenLanguage::Kazakh,
        SpokenLanguage::Russian,
        SpokenLanguage::Kyrgyz,
        SpokenLanguage::English,
        SpokenLanguage::Chinese,
    ];
}

/// A day of the week, Monday first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl WireName for Weekday {
    const ALL: &'static [Self] = &Weekday::ALL;
    fn wire_name(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }
}

serde_by_wire_name!(Weekday);

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Days since Monday.
    pub fn index(self) -> u32 {
        self as u32
    }

    /// The day `index` days after Monday, wrapping around the week.
    pub fn from_index(index: u32) -> Self {
        Self::ALL[(index % 7) as usize]
    }
}

/// A time of day as the clock on the wall shows it where the reception is held, in minutes after
/// midnight; written `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    pub const MINUTES_PER_DAY: u32 = 24 * 60;

    pub fn from_minutes(minutes: u32) -> Option<Self> {
        (minutes < Self::MINUTES_PER_DAY)
            .then(|| u16::try_from(minutes).ok().map(Self))
            .flatten()
    }

    pub fn minutes(self) -> u32 {
        u32::from(self.0)
    }

    /// Reads `HH:MM` (or `H:MM`), 00:00 to 23:59.
    pub fn parse(text: &str) -> Option<Self> {
        let (h, m) = text.trim().split_once(':')?;
        let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let (h, m) = (digits(h, 1..=2)?, digits(m, 2..=2)?);
        (h < 24 && m < 60)
            .then(|| Self::from_minutes(h * 60 + m))
            .flatten()
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        TimeOfDay::parse(&text).ok_or_else(|| serde::de::Error::custom("not a time as HH:MM"))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for TimeOfDay {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .examples([serde_json::json!("09:30")])
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for TimeOfDay {}

/// A moment of the week on the local clock: which day, and minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekTime {
    pub day: Weekday,
    pub minute: u32,
}

/// When a reception is held, every week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hours {
    /// Days of the week, Monday first, each once.
    pub days: Vec<Weekday>,
    pub from: TimeOfDay,
    pub until: TimeOfDay,
}

impl Hours {
    /// Minutes from `now` until the reception is next open; 0 while it is open.
    pub fn minutes_until_open(&self, now: WeekTime) -> Option<u32> {
        (0..=7).find_map(|ahead| {
            let day = Weekday::from_index(now.day.index() + ahead);
            if !self.days.contains(&day) {
                return None;
            }
            let start = ahead * TimeOfDay::MINUTES_PER_DAY + self.from.minutes();
            let end = ahead * TimeOfDay::MINUTES_PER_DAY + self.until.minutes();
            if now.minute >= end {
                None
            } else {
                Some(start.saturating_sub(now.minute))
            }
        })
    }
}

/// Orders receptions by when each next opens, the soonest (or open now) first; a reception
/// with no days goes last.
pub fn soonest_first<T>(receptions: &mut [T], hours: impl Fn(&T) -> &Hours, now: WeekTime) {
    receptions.sort_by_key(|r| {
        let h = hours(r);
        (h.minutes_until_open(now).unwrap_or(u32::MAX), h.from)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hours(days: &[Weekday], from: &str, until: &str) -> Hours {
        Hours {
            days: days.to_vec(),
            from: TimeOfDay::parse(from).unwrap(),
            until: TimeOfDay::parse(until).unwrap(),
        }
    }

    fn at(day: Weekday, time: &str) -> WeekTime {
        WeekTime {
            day,
            minute: TimeOfDay::parse(time).unwrap().minutes(),
        }
    }

    #[test]
    fn a_time_of_day_is_read_as_hours_and_minutes() {
        assert_eq!(TimeOfDay::parse("9:30").map(TimeOfDay::minutes), Some(570));
        assert_eq!(
            TimeOfDay::parse("23:59").map(|t| t.to_string()),
            Some("23:59".into())
        );
        for bad in [
            "24:00", "12:60", "12", "12:5", "ab:cd", "", "-1:00", "123:00",
        ] {
            assert_eq!(TimeOfDay::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_reception_open_now_comes_before_one_later_today() {
        let open = hours(&[Weekday::Mon], "09:00", "12:00");
        let later = hours(&[Weekday::Mon], "14:00", "16:00");
        let now = at(Weekday::Mon, "10:15");
        assert_eq!(open.minutes_until_open(now), Some(0));
        assert_eq!(later.minutes_until_open(now), Some(225));
        let mut list = vec![later.clone(), open.clone()];
        soonest_first(&mut list, |h| h, now);
        assert_eq!(list, vec![open, later]);
    }

    #[test]
    fn a_reception_over_for_today_is_next_week_if_held_only_on_this_day() {
        let monday = hours(&[Weekday::Mon], "09:00", "12:00");
        assert_eq!(
            monday.minutes_until_open(at(Weekday::Mon, "12:00")),
            Some(7 * 1440 - 3 * 60)
        );
    }

    #[test]
    fn friday_evening_looks_ahead_to_monday() {
        let weekdays = hours(
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            "09:00",
            "18:00",
        );
        let saturday_only = hours(&[Weekday::Sat], "10:00", "12:00");
        let now = at(Weekday::Fri, "19:00");
        assert_eq!(weekdays.minutes_until_open(now), Some(2 * 1440 + 14 * 60));
        let mut list = vec![weekdays.clone(), saturday_only.clone()];
        soonest_first(&mut list, |h| h, now);
        assert_eq!(list, vec![saturday_only, weekdays]);
    }

    proptest! {
        #[test]
        fn any_reception_opens_within_a_week(day in 0u32..7, minute in 0u32..1440, days in proptest::collection::vec(0u32..7, 1..7), from in 0u32..1439) {
            let h = Hours {
                days: days.into_iter().map(Weekday::from_index).collect(),
                from: TimeOfDay::from_minutes(from).unwrap(),
                until: TimeOfDay::from_minutes(from + 1).unwrap(),
            };
            let wait = h.minutes_until_open(WeekTime { day: Weekday::from_index(day), minute });
            prop_assert!(wait.is_some_and(|w| w <= 7 * 1440));
        }
    }
}
