//! PostgreSQL's binary NUMERIC: decimal text to it and back, exactly (any precision,
//! the column's scale kept: `1500.00000000` for a NUMERIC(25,8)).
//!
//! The format: `ndigits: i16, weight: i16, sign: u16, dscale: u16`, then `ndigits`
//! base-10,000 digits (`u16`), the first worth `10000^weight`.

const POSITIVE: u16 = 0x0000;
const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;
const PLUS_INFINITY: u16 = 0xD000;
const MINUS_INFINITY: u16 = 0xF000;

/// The text of a binary NUMERIC, as PostgreSQL prints it; `None` if malformed.
pub(crate) fn to_text(raw: &[u8]) -> Option<String> {
    let word = |i: usize| -> Option<u16> {
        Some(u16::from_be_bytes([*raw.get(2 * i)?, *raw.get(2 * i + 1)?]))
    };
    let ndigits = usize::from(word(0)?);
    let weight = i64::from(word(1)? as i16);
    let sign = word(2)?;
    let dscale = usize::from(word(3)?);
    match sign {
        NAN => return Some("NaN".into()),
        PLUS_INFINITY => return Some("Infinity".into()),
        MINUS_INFINITY => return Some("-Infinity".into()),
        POSITIVE | NEGATIVE => {}
        _ => return None,
    }
    if raw.len() != 8 + 2 * ndigits {
        return None;
    }
    let digit = |i: i64| -> Option<u16> {
        if i < 0 || i >= ndigits as i64 {
            Some(0)
        } else {
            let d = word(4 + i as usize)?;
            (d < 10_000).then_some(d)
        }
    };
    let mut out = String::new();
    if sign == NEGATIVE && ndigits > 0 {
        out.push('-');
    }
    if weight < 0 {
        out.push('0');
    } else {
        for i in 0..=weight {
            let d = digit(i)?;
            if i == 0 {
                out.push_str(&d.to_string());
            } else {
                out.push_str(&format!("{d:04}"));
            }
        }
    }
    if dscale > 0 {
        out.push('.');
        let mut frac = String::with_capacity(dscale + 4);
        let mut i = weight + 1;
        while frac.len() < dscale {
            frac.push_str(&format!("{:04}", digit(i)?));
            i += 1;
        }
        frac.truncate(dscale);
        out.push_str(&frac);
    }
    Some(out)
}

/// The binary NUMERIC of a decimal text (`-12.50`, `+3`, `.5`, `7.`); `None` if it is
/// not one (exponents are not accepted: the values come from Rust's `f64` display
/// and from query text, neither of which uses them).
pub(crate) fn from_text(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let dscale = u16::try_from(frac.len()).ok()?;
    let int = int.trim_start_matches('0');
    let lpad = (4 - int.len() % 4) % 4;
    let rpad = (4 - frac.len() % 4) % 4;
    let mut all = String::with_capacity(lpad + int.len() + frac.len() + rpad);
    all.push_str(&"0".repeat(lpad));
    all.push_str(int);
    all.push_str(frac);
    all.push_str(&"0".repeat(rpad));
    let mut digits: Vec<u16> = all
        .as_bytes()
        .chunks(4)
        .map(|c| c.iter().fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0')))
        .collect();
    let mut weight = i64::try_from((lpad + int.len()) / 4).ok()? - 1;
    let leading = digits.iter().take_while(|&&d| d == 0).count();
    digits.drain(..leading);
    weight -= leading as i64;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        weight = 0;
    }
    let sign = if negative && !digits.is_empty() {
        NEGATIVE
    } else {
        POSITIVE
    };
    let mut out = Vec::with_capacity(8 + 2 * digits.len());
    out.extend_from_slice(&u16::try_from(digits.len()).ok()?.to_be_bytes());
    out.extend_from_slice(&i16::try_from(weight).ok()?.to_be_bytes());
    out.extend_from_slice(&sign.to_be_bytes());
    out.extend_from_slice(&dscale.to_be_bytes());
    for d in digits {
        out.extend_from_slice(&d.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for text in [
            "1500.00000000",
            "0",
            "0.00005",
            "-12.5",
            "123456789012345678.12345678",
            "10000",
            "0.10",
            "-0.0001",
            "99999999999999999.99999999",
            "1",
            "100000000",
        ] {
            let raw = from_text(text).unwrap();
            assert_eq!(to_text(&raw).as_deref(), Some(text), "{text}");
        }
    }

    #[test]
    fn normalises_signs_and_leading_zeros() {
        assert_eq!(to_text(&from_text("+007.50").unwrap()).unwrap(), "7.50");
        assert_eq!(to_text(&from_text("-0.00").unwrap()).unwrap(), "0.00");
        assert_eq!(to_text(&from_text(".5").unwrap()).unwrap(), "0.5");
        assert_eq!(to_text(&from_text("7.").unwrap()).unwrap(), "7");
    }

    #[test]
    fn refuses_what_is_not_a_decimal() {
        for bad in ["", "-", ".", "1e5", "abc", "1.2.3", "NaN", " - 1"] {
            assert_eq!(from_text(bad), None, "{bad}");
        }
        assert_eq!(to_text(&[0, 1]), None);
        assert_eq!(
            to_text(&[0, 1, 0, 0, 0, 0, 0, 0]),
            None,
            "a digit is missing"
        );
        assert_eq!(
            to_text(&[0, 0, 0, 0, 0xC0, 0, 0, 0]).as_deref(),
            Some("NaN")
        );
    }

    #[test]
    fn known_encoding() {
        // 1500.00000000: one digit 1500 at weight 0, scale 8.
        assert_eq!(
            from_text("1500.00000000").unwrap(),
            vec![0, 1, 0, 0, 0, 0, 0, 8, 0x05, 0xDC]
        );
    }
}
