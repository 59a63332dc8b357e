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
