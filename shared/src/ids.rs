//! Identifiers. Each kind of record has its own type so that a council id can never be passed
//! where a proposal id is expected. Ids are UUIDs; the app makes proposal ids itself so that a
//! retried request cannot create a second proposal.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps 16 random bytes (from the caller's source of randomness) as a version 4 id.
            pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
                Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
            }

            /// The id under which a record is known in the demo data: stable across reloads.
            pub const fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }

            pub fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    /// A company's community programme (for example KPO's programme in Burlin district).
    ProgrammeId,
    /// One year of a programme: its budget and allocations (the Social Performance Plan).
    ProgrammeYearId,
    /// A village council.
    CouncilId,
    /// A person with an account: council member, assessor or programme manager.
    MemberId,
    /// A proposal, made by the app that drafted it.
    ProposalId,
    /// A funded project.
    ProjectId,
    /// A grievance.
    GrievanceId,
    /// A photo stored with a proposal, project or grievance.
    PhotoId,
    /// An invitation to create an account.
    InvitationId,
    /// A manager's dated update on a project.
    UpdateId,
    /// A council member's monitoring report on a project.
    ReportId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_from_its_display_form() {
        let id = ProposalId::from_random_bytes([7; 16]);
        assert_eq!(id.to_string().parse::<ProposalId>().ok(), Some(id));
    }

    #[test]
    fn an_id_made_from_random_bytes_is_a_version_4_uuid() {
        let id = CouncilId::from_random_bytes([0xff; 16]);
        assert_eq!(id.as_uuid().get_version_num(), 4);
    }

    #[test]
    fn a_malformed_id_is_refused() {
        assert!("not-a-uuid".parse::<ProjectId>().is_err());
    }
}
