//! The device's clock, for showing whether something has expired; the server decides.

/// Now, by the device's clock.
pub fn now() -> shared::Timestamp {
    // Milliseconds since 1970 are whole numbers far below 2^53.
    #[allow(clippy::cast_possible_truncation)]
    shared::Timestamp::from_millis(js_sys::Date::now() as i64)
}

/// Today's date on the device, as a date input writes it (`YYYY-MM-DD`).
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}
