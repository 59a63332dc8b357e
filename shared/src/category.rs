//! What a proposal, and the project it becomes, is for. A module of its own: proposals,
//! projects and their events all name it, and none of them should need another for it.

use crate::wire_name::{serde_by_wire_name, WireName};

/// The kind of community project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Category {
    Water,
    Roads,
    Education,
    Health,
    SportAndCulture,
    Environment,
    Livelihoods,
    Other,
}

impl WireName for Category {
    const ALL: &'static [Self] = &Category::ALL;
    fn wire_name(self) -> &'static str {
        match self {
            Category::Water => "water",
            Category::Roads => "roads",
            Category::Education => "education",
            Category::Health => "health",
            Category::SportAndCulture => "sport_and_culture",
            Category::Environment => "environment",
            Category::Livelihoods => "livelihoods",
            Category::Other => "other",
        }
    }
}

serde_by_wire_name!(Category);

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Water,
        Category::Roads,
        Category::Education,
        Category::Health,
        Category::SportAndCulture,
        Category::Environment,
        Category::Livelihoods,
        Category::Other,
    ];
}
