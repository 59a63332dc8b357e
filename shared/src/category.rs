//! What a proposal, and the project it becomes, is for. A module of its own: proposals,
//! projects and their events all name it, and none of them should need another for it.

use serde::{Deserialize, Serialize};

/// The kind of community project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
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
