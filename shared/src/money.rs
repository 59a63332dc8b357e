//! Money: whole tenge in an `i64`. Arithmetic is checked, so an overflow is an error and never a
//! wrapped amount. Amounts are parsed from what people type and shown with the locale's grouping:
//! `24 370 628 ₸` in Kazakh and Russian, `₸24,370,628` in English.

use crate::locale::Locale;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// An amount of whole tenge. May be negative only as the result of a subtraction (for example
/// an overspend); amounts that people type are never negative.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Money(i64);

/// Why an amount was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing was typed.
    Empty,
    /// The text is not an amount of tenge.
    NotANumber,
    /// The amount has a fractional part; Kenes counts whole tenge.
    NotWholeTenge,
    /// The amount is below zero.
    Negative,
    /// The amount is zero where something must be paid or approved.
    Zero,
    /// The amount is more than any community project could cost.
    TooLarge,
    /// A sum or difference does not fit in the representation.
    Overflow,
}

const NARROW_NO_BREAK_SPACE: char = '\u{202F}';
const NO_BREAK_SPACE: char = '\u{00A0}';
const SIGN: char = '₸';

impl Money {
    pub const ZERO: Money = Money(0);
    /// The largest amount anyone may type: ten trillion tenge, far above any programme's budget.
    pub const MAX_TYPED: Money = Money(10_000_000_000_000);

    pub const fn tenge(amount: i64) -> Self {
        Self(amount)
    }

    pub const fn amount(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or(MoneyError::Overflow)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_sub(other.0)
            .map(Money)
            .ok_or(MoneyError::Overflow)
    }

    /// The sum of all amounts, or `Overflow`.
    pub fn sum(amounts: impl IntoIterator<Item = Money>) -> Result<Money, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, Money::checked_add)
    }

    /// Accepts an amount that may be zero but not negative nor implausibly large.
    pub fn non_negative(self) -> Result<Money, MoneyError> {
        if self.0 < 0 {
            Err(MoneyError::Negative)
        } else if self > Money::MAX_TYPED {
            Err(MoneyError::TooLarge)
        } else {
            Ok(self)
        }
    }

    /// Accepts an amount that something is paid or approved for: more than zero.
    pub fn positive(self) -> Result<Money, MoneyError> {
        match self.non_negative()? {
            Money(0) => Err(MoneyError::Zero),
            m => Ok(m),
        }
    }

    /// Parses what a person types: `24 370 628`, `24,370,628`, `24370628 ₸`, `24.370.628 тг`.
    ///
    /// Groups may be separated by spaces, commas, dots or apostrophes, but every group after the
    /// first must have three digits, so `24.5` is refused as a fraction rather than read as 245.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let trimmed = strip_currency(text.trim());
        if trimmed.is_empty() {
            return Err(MoneyError::Empty);
        }
        if let Some(rest) = trimmed.strip_prefix(['-', '−']) {
            return match Money::parse(rest) {
                Ok(_) | Err(MoneyError::TooLarge) => Err(MoneyError::Negative),
                Err(e) => Err(e),
            };
        }
        let mut groups = trimmed.split(is_group_separator).filter(|g| !g.is_empty());
        let first = groups.next().ok_or(MoneyError::NotANumber)?;
        let mut digits = String::from(first);
        let mut last_group_len = first.len();
        for group in groups {
            if group.len() != 3 {
                last_group_len = group.len();
                digits.push('x');
                break;
            }
            digits.push_str(group);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            let fraction_like = last_group_len < 3 && digits.ends_with('x');
            return Err(if fraction_like {
                MoneyError::NotWholeTenge
            } else {
                MoneyError::NotANumber
            });
        }
        if digits.len() > 14 {
            return Err(MoneyError::TooLarge);
        }
        let amount: i64 = digits.parse().map_err(|_| MoneyError::NotANumber)?;
        Money(amount).non_negative()
    }

    /// The amount as people in `locale` write it.
    pub fn format(self, locale: Locale) -> String {
        let grouped = group_digits(self.0.unsigned_abs(), locale);
        let sign = if self.0 < 0 { "-" } else { "" };
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = match locale {
            Locale::Kk | Locale::Ru => write!(out, "{sign}{grouped}{NO_BREAK_SPACE}{SIGN}"),
            Locale::En => write!(out, "{sign}{SIGN}{grouped}"),
        };
        out
    }
}

/// A count with its thousands grouped as people in `locale` write them: `7,100`, `7 100`.
pub fn group_digits(n: u64, locale: Locale) -> String {
    let digits = n.to_string();
    let separator = match locale {
        Locale::Kk | Locale::Ru => NARROW_NO_BREAK_SPACE,
        Locale::En => ',',
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

fn is_group_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | ',' | '.' | '\'' | '’' | '\u{00A0}' | '\u{202F}' | '\u{2009}'
    )
}

fn strip_currency(text: &str) -> &str {
    const MARKS: [&str; 6] = ["₸", "тенге", "теңге", "тг", "tenge", "kzt"];
    let mut text = text;
    for mark in MARKS {
        if let Some(rest) = strip_prefix_ignore_case(text, mark) {
            text = rest.trim_start();
        }
        if let Some(rest) = strip_suffix_ignore_case(text, mark) {
            text = rest.trim_end();
        }
    }
    text.trim_matches(is_group_separator)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.to_lowercase()
        .eq(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let start = text.len().checked_sub(suffix.len())?;
    let tail = text.get(start..)?;
    tail.to_lowercase().eq(suffix).then(|| &text[..start])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_are_read_however_people_group_them() {
        for typed in [
            "24 370 628",
            "24,370,628",
            "24370628 ₸",
            "₸24,370,628",
            "24.370.628 тг",
            "24\u{202F}370\u{202F}628\u{A0}₸",
            "  24370628 tenge ",
            "24,370.628",
        ] {
            assert_eq!(
                Money::parse(typed),
                Ok(Money::tenge(24_370_628)),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn kazakh_and_russian_group_with_narrow_spaces_and_put_the_sign_after() {
        let m = Money::tenge(24_370_628);
        assert_eq!(m.format(Locale::Kk), "24\u{202F}370\u{202F}628\u{A0}₸");
        assert_eq!(m.format(Locale::Ru), "24\u{202F}370\u{202F}628\u{A0}₸");
    }

    #[test]
    fn english_puts_the_sign_first_and_groups_with_commas() {
        assert_eq!(Money::tenge(24_370_628).format(Locale::En), "₸24,370,628");
        assert_eq!(Money::tenge(400).format(Locale::En), "₸400");
        assert_eq!(Money::ZERO.format(Locale::En), "₸0");
    }

    #[test]
    fn an_overspend_shows_with_a_minus() {
        assert_eq!(Money::tenge(-1_500).format(Locale::En), "-₸1,500");
    }

    #[test]
    fn a_negative_amount_is_refused_when_typed() {
        assert_eq!(Money::parse("-5 000"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("−5"), Err(MoneyError::Negative));
    }

    #[test]
    fn a_fraction_of_a_tenge_is_refused() {
        assert_eq!(Money::parse("24.5"), Err(MoneyError::NotWholeTenge));
        assert_eq!(Money::parse("1,000.50"), Err(MoneyError::NotWholeTenge));
    }

    #[test]
    fn text_that_is_not_an_amount_is_refused() {
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert_eq!(Money::parse("  ₸ "), Err(MoneyError::Empty));
        assert_eq!(Money::parse("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("12a"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1 0000"), Err(MoneyError::NotANumber));
    }

    #[test]
    fn an_implausibly_large_amount_is_refused() {
        assert_eq!(
            Money::parse("10 000 000 000 001"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            Money::parse("99999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(Money::parse("10 000 000 000 000"), Ok(Money::MAX_TYPED));
    }

    #[test]
    fn zero_is_refused_where_something_must_be_paid() {
        assert_eq!(Money::ZERO.positive(), Err(MoneyError::Zero));
        assert_eq!(Money::tenge(1).positive(), Ok(Money::tenge(1)));
    }

    #[test]
    fn arithmetic_that_overflows_is_an_error_not_a_wrap() {
        assert_eq!(
            Money::tenge(i64::MAX).checked_add(Money::tenge(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::tenge(i64::MIN).checked_sub(Money::tenge(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::sum([Money::tenge(i64::MAX), Money::tenge(1)]),
            Err(MoneyError::Overflow)
        );
    }

    proptest! {
        #[test]
        fn every_formatted_amount_reads_back(amount in 0i64..=Money::MAX_TYPED.amount()) {
            for locale in Locale::ALL {
                prop_assert_eq!(Money::parse(&Money::tenge(amount).format(locale)), Ok(Money::tenge(amount)));
            }
        }

        #[test]
        fn checked_addition_agrees_with_exact_arithmetic(a: i64, b: i64) {
            let exact = i128::from(a) + i128::from(b);
            let expected = i64::try_from(exact).map(Money::tenge).map_err(|_| MoneyError::Overflow);
            prop_assert_eq!(Money::tenge(a).checked_add(Money::tenge(b)), expected);
        }

        #[test]
        fn checked_subtraction_agrees_with_exact_arithmetic(a: i64, b: i64) {
            let exact = i128::from(a) - i128::from(b);
            let expected = i64::try_from(exact).map(Money::tenge).map_err(|_| MoneyError::Overflow);
            prop_assert_eq!(Money::tenge(a).checked_sub(Money::tenge(b)), expected);
        }

        #[test]
        fn a_sum_is_the_same_in_any_order(mut amounts in proptest::collection::vec(0i64..1_000_000_000_000, 0..20)) {
            let forward = Money::sum(amounts.iter().copied().map(Money::tenge));
            amounts.reverse();
            prop_assert_eq!(forward, Money::sum(amounts.into_iter().map(Money::tenge)));
        }
    }
}
