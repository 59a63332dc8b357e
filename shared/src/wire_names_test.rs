//! Every enum named through `wire_name` writes what the API's schema says it writes.

use crate::wire_name::WireName;
use std::collections::BTreeSet;
use std::fmt::Debug;

/// Each value's name is its variant's in snake_case (what the API's schema says), no two
/// values share one, and each reads back from its JSON.
fn assert_names_are_snake_case<T>()
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
