//! Who may act. Every account belongs to one programme; a council member also belongs to one
//! council. The API builds an [`Actor`] from the session, never from ids the client sends.

use crate::ids::{CouncilId, MemberId, ProgrammeId};
use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Role {
    /// Drafts, submits and votes on the proposals of one council; monitors its projects.
    CouncilMember,
    /// Scores proposals of the programme on the rubric.
    Assessor,
    /// Runs the programme: councils, invitations, budget, decisions, projects, grievances.
    Manager,
}

impl WireName for Role {
    const ALL: &'static [Self] = &[Role::CouncilMember, Role::Assessor, Role::Manager];
    fn wire_name(self) -> &'static str {
        match self {
            Role::CouncilMember => "council_member",
            Role::Assessor => "assessor",
            Role::Manager => "manager",
        }
    }
}

serde_by_wire_name!(Role);

/// A signed-in person acting in Kenes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub member: MemberId,
    pub role: Role,
    pub programme: ProgrammeId,
    /// The council of a council member; `None` for company staff.
    pub council: Option<CouncilId>,
}

impl Actor {
    pub fn is_member_of(&self, council: CouncilId) -> bool {
        self.role == Role::CouncilMember && self.council == Some(council)
    }

    pub fn is_manager_of(&self, programme: ProgrammeId) -> bool {
        self.role == Role::Manager && self.programme == programme
    }

    pub fn is_assessor_in(&self, programme: ProgrammeId) -> bool {
        self.role == Role::Assessor && self.programme == programme
    }

    /// Company staff of the programme (assessors and managers) may read its unpublished records.
    pub fn is_staff_of(&self, programme: ProgrammeId) -> bool {
        self.programme == programme && matches!(self.role, Role::Assessor | Role::Manager)
    }

    pub fn as_ref(&self) -> ActorRef {
        ActorRef::Member {
            member: self.member,
            role: self.role,
        }
    }
}

/// Who did something, as the history records it. The public history shows the role only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActorRef {
    /// Someone without an account, such as the filer of a grievance.
    Public,
    /// Kenes itself, for example closing a vote at its deadline.
    System,
    Member {
        member: MemberId,
        role: Role,
    },
}

impl ActorRef {
    /// The role shown in the public history; `None` for the public and the system.
    pub fn role(&self) -> Option<Role> {
        match self {
            ActorRef::Member { role, .. } => Some(*role),
            ActorRef::Public | ActorRef::System => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, council: Option<CouncilId>) -> Actor {
        Actor {
            member: MemberId::from_u128(1),
            role,
            programme: ProgrammeId::from_u128(10),
            council,
        }
    }

    #[test]
    fn a_council_member_belongs_only_to_their_own_council() {
        let member = actor(Role::CouncilMember, Some(CouncilId::from_u128(5)));
        assert!(member.is_member_of(CouncilId::from_u128(5)));
        assert!(!member.is_member_of(CouncilId::from_u128(6)));
    }

    #[test]
    fn a_manager_manages_only_their_own_programme() {
        let manager = actor(Role::Manager, None);
        assert!(manager.is_manager_of(ProgrammeId::from_u128(10)));
        assert!(!manager.is_manager_of(ProgrammeId::from_u128(11)));
        assert!(!manager.is_member_of(CouncilId::from_u128(5)));
    }

    #[test]
    fn an_assessor_is_staff_but_not_a_manager() {
        let assessor = actor(Role::Assessor, None);
        assert!(assessor.is_staff_of(ProgrammeId::from_u128(10)));
        assert!(!assessor.is_manager_of(ProgrammeId::from_u128(10)));
    }
}
