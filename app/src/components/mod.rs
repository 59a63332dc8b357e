pub mod form;
pub mod header;
pub mod lazy;
pub mod load;
pub mod status;
