//! A check shared by the hand-written readers of tagged JSON (`events::wire`, `api::error_wire`).

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Debug;

/// `values` carry each value of their `tag` once (so a new variant must be added to the list to
/// be tested), and each reads back from its JSON as written.
pub fn assert_every_variant_reads_back<T>(values: &[T], tag: &str)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let tags: BTreeSet<String> = values
        .iter()
        .map(|v| {
            serde_json::to_value(v).unwrap()[tag]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(tags.len(), values.len(), "each {tag} once: {tags:?}");
    for value in values {
        let json = serde_json::to_string(value).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
    }
}
