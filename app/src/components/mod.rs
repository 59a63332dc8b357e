pub mod form;
pub mod header;
pub mod load;
pub mod status;
