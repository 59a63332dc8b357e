//! Codes people read aloud and type by hand: grievance tracking codes and invitation codes.
//!
//! A code is random symbols of Crockford's base 32 (no I, L, O or U, so nothing is mistaken for
//! a digit) followed by one check symbol. The check is Damm's algorithm over the quasigroup
//! `i * d = 2i + d` in GF(32), which is totally anti-symmetric: it catches every single mistyped
//! symbol and every swap of two different neighbours.

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Why a typed code was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Too many or too few symbols.
    WrongLength,
    /// A character that is not in the code's alphabet.
    InvalidCharacter,
    /// The check symbol does not match: there is a typo.
    Typo,
}

/// Doubling in GF(32) (modulo x^5 + x^2 + 1).
fn times_two(value: u8) -> u8 {
    let doubled = value << 1;
    if doubled & 0b10_0000 == 0 {
        doubled
    } else {
        (doubled ^ 0b10_0101) & 0b1_1111
    }
}

fn damm(values: &[u8]) -> u8 {
    values.iter().fold(0, |interim, &v| times_two(interim) ^ v)
}

fn symbol_value(c: u8) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|p| u8::try_from(p).ok())
}

/// `data` random symbols (values 0..32) taken from `bits`, then the check symbol.
pub(crate) fn from_bits(bits: &[u8], data: usize) -> Vec<u8> {
    let mut values = Vec::with_capacity(data + 1);
    let mut buffer: u32 = 0;
    let mut held = 0;
    let mut bytes = bits.iter();
    while values.len() < data {
        if held < 5 {
            buffer = (buffer << 8) | u32::from(bytes.next().copied().unwrap_or(0));
            held += 8;
        }
        held -= 5;
        values.push(u8::try_from((buffer >> held) & 31).unwrap_or(0));
    }
    values.push(times_two(damm(&values)));
    values
}

/// Reads `symbols` symbols (check included) as typed: any case, with or without dashes and
/// spaces; O is read as 0 and I or L as 1.
pub(crate) fn parse(text: &str, symbols: usize) -> Result<Vec<u8>, CodeError> {
    let mut values = Vec::with_capacity(symbols);
    for c in text.bytes().filter(|c| !matches!(c, b'-' | b' ')) {
        values.push(symbol_value(c).ok_or(CodeError::InvalidCharacter)?);
        if values.len() > symbols {
            return Err(CodeError::WrongLength);
        }
    }
    if values.len() != symbols {
        return Err(CodeError::WrongLength);
    }
    if damm(&values) != 0 {
        return Err(CodeError::Typo);
    }
    Ok(values)
}

/// Writes the symbols in groups of four separated by dashes.
pub(crate) fn display(values: &[u8]) -> String {
    let mut out = String::with_capacity(values.len() + values.len() / 4);
    for (i, &v) in values.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(v & 31)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(values: &[u8]) -> String {
        values
            .iter()
            .map(|&v| char::from(ALPHABET[usize::from(v)]))
            .collect()
    }

    #[test]
    fn a_code_reads_back_in_lower_case_without_dashes() {
        let values = from_bits(&[1, 2, 3, 4, 5, 6, 7, 8], 12);
        let typed = display(&values).replace('-', "").to_lowercase();
        assert_eq!(parse(&typed, 13), Ok(values));
    }

    #[test]
    fn a_letter_o_is_read_as_zero() {
        let values = from_bits(&[0; 8], 12);
        assert_eq!(parse(&display(&values).replace('0', "O"), 13), Ok(values));
    }

    #[test]
    fn a_code_of_the_wrong_length_is_refused() {
        assert_eq!(parse("ABCD-EFGH", 13), Err(CodeError::WrongLength));
        assert_eq!(parse("ABCD-EFGH-JKMN-PQ", 13), Err(CodeError::WrongLength));
    }

    #[test]
    fn a_foreign_character_is_refused() {
        assert_eq!(
            parse("ABCD-EFGH-JKMN-*", 13),
            Err(CodeError::InvalidCharacter)
        );
        assert_eq!(
            parse("ABCD-EFGH-JKMN-Ж", 13),
            Err(CodeError::InvalidCharacter)
        );
    }

    #[test]
    fn every_bit_of_the_input_is_used() {
        let a = from_bits(&[0xff; 17], 27);
        let mut flipped = [0xff; 17];
        flipped[16] = 0x7f;
        assert_ne!(a, from_bits(&flipped, 27), "the last byte still counts");
    }

    proptest! {
        #[test]
        fn every_single_mistyped_symbol_is_caught(bytes: [u8; 8], position in 0usize..13, shift in 1u8..32) {
            let mut typo = from_bits(&bytes, 12);
            typo[position] = (typo[position] + shift) % 32;
            prop_assert_eq!(parse(&text(&typo), 13), Err(CodeError::Typo));
        }

        #[test]
        fn every_swap_of_two_different_neighbours_is_caught(bytes: [u8; 8], position in 0usize..12) {
            let mut swapped = from_bits(&bytes, 12);
            prop_assume!(swapped[position] != swapped[position + 1]);
            swapped.swap(position, position + 1);
            prop_assert_eq!(parse(&text(&swapped), 13), Err(CodeError::Typo));
        }
    }
}
