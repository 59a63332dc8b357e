pub mod home;
pub mod join;
pub mod manage;
pub mod not_found;
pub mod programme;
pub mod sign_in;
