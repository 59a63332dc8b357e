pub mod fix;
pub mod form;
pub mod header;
pub mod history;
pub mod lazy;
pub mod load;
pub mod photo;
pub mod status;
