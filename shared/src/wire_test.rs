//! A check shared by the hand-written readers of tagged JSON (`events::wire`, `api::error_wire`).

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Debug;

/// `values` carry each value of their `tag` once (so a new variant must be added to the list to
/// be tested), each tag reads as the `Kind` that `kind_of` gives by hand, and each value reads
/// back from its JSON as written.
pub fn assert_every_variant_reads_back<T, Kind>(values: &[T], tag: &str, kind_of: fn(&T) -> Kind)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
    Kind: DeserializeOwned + PartialEq + Debug,
{
    let tags: BTreeSet<String> = values
        .iter()
        .map(|v| serde_json::to_value(v).unwrap()[tag].to_string())
        .collect();
    assert_eq!(tags.len(), values.len(), "each {tag} once: {tags:?}");
    for value in values {
        let json = serde_json::to_value(value).unwrap();
        let kind: Kind = serde_json::from_value(json[tag].clone()).unwrap();
        assert_eq!(kind, kind_of(value), "{json}");
        assert_eq!(
            &serde_json::from_value::<T>(json.clone()).unwrap(),
            value,
            "{json}"
        );
    }
}
