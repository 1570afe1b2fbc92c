//! [`TypedRows`]: rows as text plus what kind of value each column holds.

use vtql_service::Rows;

/// What a result column holds, from the database's column type, for renderers that
/// align numbers or write JSON numbers (`vtql run`). The cells stay text either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// Integers and booleans (`0`/`1`).
    Integer,
    /// DECIMAL/NUMERIC, DOUBLE and REAL.
    Number,
    /// Everything else: text, dates, times.
    Text,
}

/// The rows of a statement (cells as the database's text) and one [`Kind`] per column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypedRows {
    /// Column names and cells.
    pub rows: Rows,
    /// One kind per column.
    pub kinds: Vec<Kind>,
}

/// `x` as C's `%!.15g` writes it, which is how SQLite renders a REAL as text: 15
/// significant digits, trailing zeros dropped, a `.0` on whole numbers, an exponent
/// (`1.0e+20`) below 1e-4 or from 1e15.
pub(crate) fn sqlite_real(x: f64) -> String {
    if x.is_nan() {
        return String::new();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    if x == 0.0 {
        return "0.0".into();
    }
    let sci = format!("{x:.14e}"); // d.dddddddddddddde±x
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if !(-4..15).contains(&exp) {
        out.push_str(&digits[..1]);
        out.push('.');
        out.push_str(if digits.len() > 1 { &digits[1..] } else { "0" });
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    } else if exp < 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat(exp.unsigned_abs() as usize - 1));
        out.push_str(digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(digits);
            out.push_str(&"0".repeat(int_len - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}

/// `x` in the shortest form that reads back as the same number, with an exponent
/// (`1e+20`, `1.5e-05`) below 1e-4 or from 1e15: how PostgreSQL (12 and later) renders
/// float8 and MariaDB a DOUBLE (MariaDB writes `1e20`; `mysql_style` drops the sign
/// and padding of the exponent).
pub(crate) fn shortest_float(x: f64, mysql_style: bool) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let abs = x.abs();
    if abs == 0.0 || (1e-4..1e15).contains(&abs) {
        return format!("{x}");
    }
    let sci = format!("{x:e}"); // 1.5e-5
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if mysql_style {
        format!("{mantissa}e{exp}")
    } else {
        format!(
            "{mantissa}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_reals() {
        for (x, text) in [
            (1500.0, "1500.0"),
            (0.1 + 0.2, "0.3"),
            (-2.5, "-2.5"),
            (1e20, "1.0e+20"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (123456789012345.0, "123456789012345.0"),
            (1e15, "1.0e+15"),
            (0.0, "0.0"),
        ] {
            assert_eq!(sqlite_real(x), text, "{x}");
        }
    }

    #[test]
    fn shortest_floats() {
        assert_eq!(shortest_float(1500.5, false), "1500.5");
        assert_eq!(shortest_float(1e20, false), "1e+20");
        assert_eq!(shortest_float(1.5e-5, false), "1.5e-05");
        assert_eq!(shortest_float(1e20, true), "1e20");
        assert_eq!(shortest_float(-0.25, true), "-0.25");
    }
}
