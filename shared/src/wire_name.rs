//! Enums of unit variants written on the wire as their snake_case names. serde's derive writes a
//! visitor for each such enum, with the names matched as text and again as bytes; a table of
//! names read by one lookup costs the app's wasm much less for the same JSON.

use serde::de::Error;
use serde::{Deserializer, Serializer};

/// A closed list of values, each with its name on the wire.
pub trait WireName: Copy + Sized + 'static {
    /// Every value, once.
    const ALL: &'static [Self];
    /// The value's name on the wire, as `#[serde(rename_all = "snake_case")]` would write it
    /// (the API's schema is derived with that rule, and a test holds the two together).
    fn wire_name(self) -> &'static str;

    /// The value of a name, if it names one.
    fn from_wire_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.wire_name() == name)
    }
}

pub fn serialize<T: WireName, S: Serializer>(value: T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(value.wire_name())
}

pub fn deserialize<'de, T: WireName, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let name = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    T::from_wire_name(&name).ok_or_else(|| D::Error::custom(format_args!("unknown value {name:?}")))
}

/// Serialize and Deserialize by [`WireName`].
macro_rules! serde_by_wire_name {
    ($($ty:ty),+ $(,)?) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::wire_name::serialize(*self, s)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire_name::deserialize(d)
            }
        }
    )+};
}
pub(crate) use serde_by_wire_name;

#[cfg(test)]
pub(crate) mod tests {
    use super::WireName;
    use std::collections::BTreeSet;
    use std::fmt::Debug;

    /// Each value's name is its variant's in snake_case (what the API's schema says), no two
    /// values share one, and each reads back from its JSON.
    pub(crate) fn assert_names_are_snake_case<T>()
    where
        T: WireName + Debug + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
    {
        let mut seen = BTreeSet::new();
        for &value in T::ALL {
            let variant = format!("{value:?}");
            let mut snake = String::new();
            for (i, c) in variant.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    snake.push('_');
                }
                snake.extend(c.to_lowercase());
            }
            assert_eq!(value.wire_name(), snake, "{variant}");
            assert!(seen.insert(snake), "{variant} twice");
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
        }
        assert!(serde_json::from_str::<T>("\"no_such_value\"").is_err());
    }

    #[test]
    fn every_named_enum_writes_its_variants_in_snake_case() {
        use crate::api::{FundsScope, GrievanceStep, HealthStatus, Refusal};
        use crate::assessment::Criterion;
        use crate::category::Category;
        use crate::grievances::{Channel, GrievanceCategory, GrievanceStatus, Overdue};
        use crate::photos::ImageKind;
        use crate::projects::{MonitoringRating, ProjectStatus, Unit};
        use crate::proposals::ProposalStatus;
        use crate::receptions::Weekday;
        use crate::roles::Role;
        use crate::voting::{Choice, Outcome};
        assert_names_are_snake_case::<Refusal>();
        assert_names_are_snake_case::<GrievanceStep>();
        assert_names_are_snake_case::<FundsScope>();
        assert_names_are_snake_case::<HealthStatus>();
        assert_names_are_snake_case::<Criterion>();
        assert_names_are_snake_case::<Category>();
        assert_names_are_snake_case::<Channel>();
        assert_names_are_snake_case::<GrievanceCategory>();
        assert_names_are_snake_case::<GrievanceStatus>();
        assert_names_are_snake_case::<Overdue>();
        assert_names_are_snake_case::<ImageKind>();
        assert_names_are_snake_case::<MonitoringRating>();
        assert_names_are_snake_case::<ProjectStatus>();
        assert_names_are_snake_case::<Unit>();
        assert_names_are_snake_case::<ProposalStatus>();
        assert_names_are_snake_case::<Weekday>();
        assert_names_are_snake_case::<Role>();
        assert_names_are_snake_case::<Choice>();
        assert_names_are_snake_case::<Outcome>();
    }
}
