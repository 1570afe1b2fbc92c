//! Decoding `name=value&...` parameter text (a URL's query string or an urlencoded body)
//! the way PHP fills `$_GET` / `$_POST`, plus the JavaScript `escape()` encoding that
//! node-vtiger uses for its queries.
//!
//! Rules, applied to each name and each value:
//!
//! 1. `+` is a space and `%XX` is the byte `XX` (PHP's `urldecode`). A `%` that does not
//!    start a valid escape (`%ZZ`, a truncated `%4`) is kept literally, as PHP keeps it.
//! 2. If the text holds no `%uXXXX` escape and the decoded bytes are valid UTF-8, that is
//!    the value. This is what every standard client (Python `requests`, curl, PHP's
//!    `http_build_query`) sends.
//! 3. Otherwise the text was written by JavaScript's `escape()`: `%uXXXX` is a UTF-16 code
//!    unit (surrogate pairs such as `%uD83D%uDE00` are joined; a lone surrogate becomes
//!    U+FFFD), `%XX` is the Latin-1 character `XX`, and a truncated `%u12` is kept
//!    literally. So `Z%FCrich`, `Z%u00FCrich` and `Z%C3%BCrich` all read `Zürich`.
//!
//! A correctly encoded value never contains a raw `%u` followed by four hex digits (its
//! `%` would be sent as `%25`), so rule 3 never misreads a standard client. The real
//! server reads escape()'s `%FC` as a byte that is not UTF-8 and answers with an empty
//! body; reading it as Latin-1 is a deliberate improvement.
//!
//! Like PHP, pairs without a name (`?&operation=...`, `a=1&&b=2`) are dropped, and a pair
//! without `=` has the empty value.

/// Splits `text` on `&` into decoded `(name, value)` pairs, in order.
///
/// ```
/// use vtql_server::decode::pairs;
/// let p = pairs(b"&operation=query&query=select+*+from+Contacts%3B");
/// assert_eq!(p, [("operation".into(), "query".into()), ("query".into(), "select * from Contacts;".into())]);
/// ```
pub fn pairs(text: &[u8]) -> Vec<(String, String)> {
    text.split(|&b| b == b'&')
        .filter_map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &[][..]),
            };
            let name = component(name);
            (!name.is_empty()).then(|| (name, component(value)))
        })
        .collect()
}

/// Decodes one name or value (see the module documentation for the rules).
///
/// ```
/// use vtql_server::decode::component;
/// assert_eq!(component(b"Z%C3%BCrich"), "Zürich");
/// assert_eq!(component(b"Z%FCrich"), "Zürich");
/// assert_eq!(component(b"Z%u00FCrich"), "Zürich");
/// assert_eq!(component(b"100%25+%ZZ"), "100% %ZZ");
/// ```
pub fn component(raw: &[u8]) -> String {
    if !has_unicode_escape(raw) {
        if let Ok(text) = String::from_utf8(url_bytes(raw)) {
            return text;
        }
    }
    escape_text(raw)
}

/// The value of an ASCII hex digit.
fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The byte of `%XX` at the start of `s`, if `s` starts with one.
fn byte_escape(s: &[u8]) -> Option<u8> {
    match s {
        [b'%', h, l, ..] => Some(hex(*h)? << 4 | hex(*l)?),
        _ => None,
    }
}

/// The code unit of `%uXXXX` at the start of `s`, if `s` starts with one.
fn unit_escape(s: &[u8]) -> Option<u16> {
    match s {
        [b'%', b'u' | b'U', a, b, c, d, ..] => {
            let n = [*a, *b, *c, *d]
                .iter()
                .try_fold(0u16, |n, &x| Some(n << 4 | u16::from(hex(x)?)))?;
            Some(n)
        }
        _ => None,
    }
}

/// Whether `raw` holds a `%uXXXX` escape.
fn has_unicode_escape(raw: &[u8]) -> bool {
    raw.windows(6).any(|w| unit_escape(w).is_some())
}

/// PHP's `urldecode`: `+` is a space, `%XX` a byte, anything else itself.
fn url_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match byte_escape(&raw[i..]) {
                Some(b) => {
                    out.push(b);
                    i += 3;
                }
                None => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Reads `raw` as JavaScript `escape()` output: `%uXXXX` UTF-16 units, `%XX` Latin-1,
/// `+` a space (as PHP reads it), other bytes as UTF-8 where they are, else Latin-1.
fn escape_text(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut units: Vec<u16> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if let Some(unit) = unit_escape(&raw[i..]) {
            units.push(unit);
            i += 6;
            continue;
        }
        flush_units(&mut units, &mut out);
        if let Some(b) = byte_escape(&raw[i..]) {
            out.push(char::from(b));
            i += 3;
        } else if raw[i] == b'+' {
            out.push(' ');
            i += 1;
        } else {
            // A run of raw bytes up to the next `%` or `+`.
            let end = raw[i..]
                .iter()
                .skip(1)
                .position(|&b| b == b'%' || b == b'+')
                .map_or(raw.len(), |p| i + 1 + p);
            let run = &raw[i..end];
            match std::str::from_utf8(run) {
                Ok(s) => out.push_str(s),
                Err(_) => out.extend(run.iter().map(|&b| char::from(b))),
            }
            i = end;
        }
    }
    flush_units(&mut units, &mut out);
    out
}

/// Appends the UTF-16 units collected so far (pairs joined, lone surrogates U+FFFD).
fn flush_units(units: &mut Vec<u16>, out: &mut String) {
    out.extend(
        char::decode_utf16(units.drain(..)).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn standard_encoding() {
        assert_eq!(component(b"O%27%27Brien"), "O''Brien");
        assert_eq!(component(b"a%2Bb+c"), "a+b c");
        assert_eq!(component(b"%25_%5F"), "%__");
        assert_eq!(component(b"Z%C3%BCrich"), "Zürich");
        assert_eq!(component(b"%E6%9D%B1%E4%BA%AC"), "東京");
        assert_eq!(component("Zürich".as_bytes()), "Zürich");
        assert_eq!(component(b""), "");
    }

    #[test]
    fn javascript_escape() {
        assert_eq!(component(b"Z%FCrich"), "Zürich");
        assert_eq!(component(b"Z%u00FCrich"), "Zürich");
        assert_eq!(component(b"Z%u00fcrich"), "Zürich");
        assert_eq!(component(b"%u6771%u4EAC"), "東京");
        assert_eq!(component(b"%uD83D%uDE00"), "😀");
        // Mixed: Latin-1 bytes and UTF-16 units in one value.
        assert_eq!(
            component(b"select%20*%20from%20Accounts%20where%20bill_city%3D%27Z%FCrich%27%20and%20x%3D%27%u6771%27%3B"),
            "select * from Accounts where bill_city='Zürich' and x='東';"
        );
        // escape() leaves `+` alone; PHP reads it as a space, and so do we.
        assert_eq!(component(b"a+b%FC"), "a bü");
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(component(b"%uD83Dx"), "\u{FFFD}x");
        assert_eq!(component(b"%uDE00%uD83D"), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn malformed_escapes_are_kept_literally() {
        assert_eq!(component(b"%ZZ"), "%ZZ");
        assert_eq!(component(b"100%"), "100%");
        assert_eq!(component(b"%4"), "%4");
        assert_eq!(component(b"%u12"), "%u12");
        assert_eq!(component(b"%u12%FC"), "%u12ü");
        assert_eq!(component(b"%uZZZZ%u00FC"), "%uZZZZü");
    }

    #[test]
    fn raw_bytes_that_are_not_utf8_read_as_latin1() {
        assert_eq!(component(b"Z\xFCrich"), "Zürich");
        assert_eq!(component(b"\xE6\x9D\xB1%FC"), "東ü");
    }

    #[test]
    fn pairs_like_php() {
        assert_eq!(
            pairs(b"&operation=getchallenge&username=admin"),
            p(&[("operation", "getchallenge"), ("username", "admin")])
        );
        assert_eq!(pairs(b""), p(&[]));
        assert_eq!(
            pairs(b"&&=x&a&b=&c=1=2"),
            p(&[("a", ""), ("b", ""), ("c", "1=2")])
        );
        assert_eq!(pairs(b"q%3D=a%26b"), p(&[("q=", "a&b")]));
    }

    #[test]
    fn never_panics_on_any_short_input() {
        let alphabet = [b'%', b'u', b'D', b'8', b'F', b'+', b'&', b'=', 0xFF, b'a'];
        let mut buf = Vec::new();
        for n in 0..10_000u32 {
            buf.clear();
            let mut k = n;
            for _ in 0..5 {
                buf.push(alphabet[(k % 10) as usize]);
                k /= 10;
            }
            let _ = pairs(&buf);
        }
    }
}
