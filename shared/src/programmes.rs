//! Programmes and councils: the company's community programme in one area, and the village
//! councils that propose projects to it.

use crate::ids::{CouncilId, ProgrammeId};
use crate::text::Name;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Programme {
    pub id: ProgrammeId,
    /// The programme's name, such as "Torangy-2023".
    pub name: Name,
    /// The operating company that funds it.
    pub operator: Name,
    /// Where it runs: district and region.
    pub region: Name,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Council {
    pub id: CouncilId,
    pub programme: ProgrammeId,
    /// The council's name, usually its village or town.
    pub name: Name,
}
