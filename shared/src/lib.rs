//! The Kenes domain.
//!
//! Village councils propose community projects that an operating company funds. A proposal is
//! drafted by a council member ([`proposals`]), put to the council's vote ([`voting`]),
//! forwarded to the company, scored by assessors on a rubric ([`assessment`]), and decided by a
//! programme manager within the year's budget ([`funding`]). An approved proposal becomes a
//! project whose milestones, spending and outputs the public follows ([`projects`]). Anyone may
//! file a grievance, anonymously if they wish, and follow it by its tracking code
//! ([`grievances`]). Every change of state is an [`events::Event`] in a hash-chained,
//! append-only log.
//!
//! This crate holds the rules and nothing else: no I/O, no clock, no randomness. Callers pass
//! the time and the random bytes in, so every rule is a pure function that the API enforces and
//! the app uses to warn the user before a request is refused. [`api`] is the wire contract
//! between the two.

pub mod accounts;
#[cfg(test)]
mod any_input_test;
pub mod api;
pub mod assessment;
pub mod category;
pub mod codes;
pub mod events;
pub mod funding;
pub mod grievances;
pub mod idempotency;
pub mod ids;
pub mod locale;
pub mod money;
pub mod open_data;
pub mod photos;
pub mod programmes;
pub mod projects;
pub mod proposals;
pub mod receptions;
pub mod roles;
pub mod steps;
pub mod text;
pub mod time;
pub mod voting;
pub mod wire_name;
#[cfg(test)]
mod wire_names_test;
#[cfg(test)]
mod wire_test;

pub use ids::*;
pub use locale::Locale;
pub use money::Money;
pub use time::{Date, Timestamp};
