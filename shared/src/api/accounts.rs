//! The wire types of accounts: invitations, redeeming one, signing in and out.

use super::{choice, field, ApiError, Problem};
use crate::accounts::{InvitationCode, Password, PasswordError, PhoneError, PhoneNumber};
use crate::codes::CodeError;
use crate::ids::{CouncilId, InvitationId, MemberId, ProgrammeId};
use crate::roles::Role;
use crate::text::Name;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

impl From<PhoneError> for Problem {
    fn from(e: PhoneError) -> Self {
        match e {
            PhoneError::Empty => Problem::Empty,
            PhoneError::Malformed => Problem::Malformed,
        }
    }
}

impl From<PasswordError> for Problem {
    fn from(e: PasswordError) -> Self {
        match e {
            PasswordError::TooShort { min } => Problem::TooShort { min },
            PasswordError::TooLong { max } => Problem::TooLong { max },
        }
    }
}

impl From<CodeError> for Problem {
    fn from(e: CodeError) -> Self {
        match e {
            CodeError::WrongLength | CodeError::InvalidCharacter => Problem::Malformed,
            CodeError::Typo => Problem::Typo,
        }
    }
}

/// `POST /api/session`: sign in with a phone number and password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub phone: String,
    pub password: String,
}

impl SignInRequest {
    /// The phone number; the password is checked against the stored hash as typed.
    pub fn parse(&self) -> Result<PhoneNumber, ApiError> {
        let phone = field("phone", PhoneNumber::parse(&self.phone))?;
        if self.password.is_empty() {
            return Err(ApiError::invalid("password", Problem::Required));
        }
        Ok(phone)
    }
}

/// The header with which the app names the member it wrote a request for. A request whose
/// session is another member's is refused (409 `other_member`) and changes nothing: a write kept
/// in a phone's outbox must not go in the name of whoever signed in on that phone since.
pub const WRITTEN_FOR_HEADER: &str = "kenes-member";

/// Who is signed in: `GET /api/session`, and the answer to signing in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub member: MemberId,
    pub name: Name,
    pub role: Role,
    pub programme: ProgrammeId,
    pub council: Option<CouncilId>,
}

/// `POST /api/invitations`: a manager invites someone into their programme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationRequest {
    /// `council_member`, `assessor` or `manager`.
    pub role: String,
    /// The council, for a council member.
    pub council: Option<String>,
    /// Whom it is for, so that the managers tell invitations apart ("Aigul, school director").
    #[serde(default)]
    pub note: Option<String>,
}

/// An invitation request as the rules take it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationAsked {
    pub role: Role,
    pub council: Option<CouncilId>,
    pub note: Option<Name>,
}

impl InvitationRequest {
    pub fn parse(&self) -> Result<InvitationAsked, ApiError> {
        let role: Role = choice("role", &self.role)?;
        let council = match (&self.council, role) {
            (Some(id), Role::CouncilMember) => Some(
                id.parse()
                    .map_err(|_| ApiError::invalid("council", Problem::Malformed))?,
            ),
            (None, Role::CouncilMember) => {
                return Err(ApiError::invalid("council", Problem::Required))
            }
            (_, Role::Assessor | Role::Manager) => None,
        };
        let note = match self.note.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(note) => Some(field("note", Name::parse(note))?),
        };
        Ok(InvitationAsked {
            role,
            council,
            note,
        })
    }
}

/// A new invitation: the code is shown once, to be sent as a link or dictated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationCreated {
    pub id: InvitationId,
    pub code: String,
    pub role: Role,
    pub council: Option<CouncilId>,
    pub expires_at: Timestamp,
}

/// An invitation as its programme's managers see it (without the code, which is not kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationSummary {
    pub id: InvitationId,
    pub role: Role,
    pub council: Option<CouncilId>,
    pub council_name: Option<Name>,
    /// Whom it is for, as the inviting manager wrote it.
    pub note: Option<Name>,
    /// The manager who made it.
    pub invited_by: Name,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationList {
    pub invitations: Vec<InvitationSummary>,
}

/// `POST /api/invitations/redeem`: the invited person creates their account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemRequest {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub password: String,
}

/// A redemption checked field by field.
#[derive(Debug)]
pub struct Redemption {
    pub code: InvitationCode,
    pub name: Name,
    pub phone: PhoneNumber,
    pub password: Password,
}

impl RedeemRequest {
    pub fn parse(&self) -> Result<Redemption, ApiError> {
        Ok(Redemption {
            code: field("code", InvitationCode::parse(&self.code))?,
            name: field("name", Name::parse(&self.name))?,
            phone: field("phone", PhoneNumber::parse(&self.phone))?,
            password: field("password", Password::parse(&self.password))?,
        })
    }
}

/// `POST /api/councils`: a manager adds a council to their programme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilRequest {
    pub name: String,
}

impl CouncilRequest {
    pub fn parse(&self) -> Result<Name, ApiError> {
        field("name", Name::parse(&self.name))
    }
}

/// `POST /api/bootstrap`: creates a programme with its first manager, on a deployment whose
/// operator holds the bootstrap token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BootstrapRequest {
    pub programme_name: String,
    pub operator: String,
    pub region: String,
    pub manager_name: String,
    pub phone: String,
    pub password: String,
}

/// A bootstrap checked field by field.
#[derive(Debug)]
pub struct Bootstrap {
    pub programme_name: Name,
    pub operator: Name,
    pub region: Name,
    pub manager_name: Name,
    pub phone: PhoneNumber,
    pub password: Password,
}

impl BootstrapRequest {
    pub fn parse(&self) -> Result<Bootstrap, ApiError> {
        Ok(Bootstrap {
            programme_name: field("programme_name", Name::parse(&self.programme_name))?,
            operator: field("operator", Name::parse(&self.operator))?,
            region: field("region", Name::parse(&self.region))?,
            manager_name: field("manager_name", Name::parse(&self.manager_name))?,
            phone: field("phone", PhoneNumber::parse(&self.phone))?,
            password: field("password", Password::parse(&self.password))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_council_member_invitation_needs_a_council() {
        let request = InvitationRequest {
            role: "council_member".into(),
            council: None,
            note: None,
        };
        assert_eq!(
            request.parse(),
            Err(ApiError::invalid("council", Problem::Required))
        );
    }

    #[test]
    fn a_staff_invitation_ignores_a_council() {
        let request = InvitationRequest {
            role: "assessor".into(),
            council: Some("6b656e65-0000-4000-8000-000000000101".into()),
            note: Some("  ".into()),
        };
        assert_eq!(
            request.parse(),
            Ok(InvitationAsked {
                role: Role::Assessor,
                council: None,
                note: None
            })
        );
    }

    #[test]
    fn an_invitation_note_is_one_line_of_a_name_s_length() {
        let request = |note: &str| InvitationRequest {
            role: "assessor".into(),
            council: None,
            note: Some(note.into()),
        };
        assert_eq!(
            request(" Айгүл, мектеп директоры ").parse().map(|a| a.note),
            Ok(Some(Name::parse("Айгүл, мектеп директоры").unwrap()))
        );
        assert_eq!(
            request(&"ә".repeat(121)).parse().map(|a| a.note),
            Err(ApiError::invalid(
                "note",
                Problem::TooLong {
                    max: Name::MAX_CHARS
                }
            ))
        );
    }

    #[test]
    fn a_mistyped_invitation_code_is_a_typo() {
        let code = InvitationCode::from_random([7; 17]).to_string();
        let first = code.chars().next().unwrap();
        let typo = code.replacen(first, if first == 'A' { "B" } else { "A" }, 1);
        let request = RedeemRequest {
            code: typo,
            name: "Aigerim".into(),
            phone: "+77011234567".into(),
            password: "long enough".into(),
        };
        assert_eq!(
            request.parse().err(),
            Some(ApiError::invalid("code", Problem::Typo))
        );
    }

    #[test]
    fn a_malformed_phone_is_reported_against_the_phone() {
        let request = SignInRequest {
            phone: "12".into(),
            password: "x".into(),
        };
        assert_eq!(
            request.parse(),
            Err(ApiError::invalid("phone", Problem::Malformed))
        );
    }
}
