//! Putting a query on the wire: the `query=` parameter of `webservice.php` and the whole
//! GET query string of the `query` operation.
//!
//! Encoding is `application/x-www-form-urlencoded` as browsers and Python `requests`
//! do it: ASCII letters, digits and `-._~` stay, a space becomes `+`, every other byte of
//! the UTF-8 text becomes `%XX`. (JavaScript's `escape()`, used by some clients, sends
//! `+` as a space and `ü` as Latin-1 `%FC`: both wrong.)

/// Appends `text` form-urlencoded to `out`.
fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

/// `text` form-urlencoded, for one parameter value.
///
/// ```
/// use vtql::build::wire::encode_component;
/// assert_eq!(
///     encode_component("select * from Contacts where lastname = 'Müller & Söhne+1%';"),
///     "select+%2A+from+Contacts+where+lastname+%3D+%27M%C3%BCller+%26+S%C3%B6hne%2B1%25%27%3B"
/// );
/// ```
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    encode_into(&mut out, text);
    out
}

/// The GET query string of the `query` operation:
/// `operation=query&sessionName=<session>&query=<query>`, both values encoded.
///
/// ```
/// use vtql::{build::wire::query_string, Query};
/// let q = Query::select_all().from("Leads").limit(5).build()?;
/// assert_eq!(
///     query_string("4f1a#b", &q),
///     "operation=query&sessionName=4f1a%23b&query=select+%2A+from+Leads+limit+5%3B"
/// );
/// // The URL is then `https://crm.example.com/webservice.php?` followed by this string.
/// # Ok::<(), vtql::build::BuildError>(())
/// ```
pub fn query_string(session_name: &str, query: &crate::Query<'_>) -> String {
    let text = query.to_string();
    let mut out = String::with_capacity(40 + session_name.len() + text.len() * 3 / 2);
    out.push_str("operation=query&sessionName=");
    encode_into(&mut out, session_name);
    out.push_str("&query=");
    encode_into(&mut out, &text);
    out
}

/// Decodes a form-urlencoded component (`+` is a space); `None` for a malformed `%`
/// escape or bytes that are not UTF-8. The inverse of [`encode_component`].
///
/// ```
/// use vtql::build::wire::{decode_component, encode_component};
/// let s = "a+b c%ü#&=";
/// assert_eq!(decode_component(&encode_component(s)).as_deref(), Some(s));
/// assert_eq!(decode_component("%G0"), None);
/// ```
pub fn decode_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                let hi = hex(*bytes.get(i + 1)?)?;
                let lo = hex(*bytes.get(i + 2)?)?;
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_table() {
        let cases = [
            ("a b", "a+b"),
            ("+", "%2B"),
            ("%", "%25"),
            ("&", "%26"),
            ("#", "%23"),
            ("=", "%3D"),
            ("'", "%27"),
            ("ü", "%C3%BC"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("\n\t", "%0A%09"),
            ("-._~", "-._~"),
            ("AZaz09", "AZaz09"),
            ("*();,/?:@", "%2A%28%29%3B%2C%2F%3F%3A%40"),
        ];
        for (text, want) in cases {
            assert_eq!(encode_component(text), want, "{text:?}");
            assert_eq!(decode_component(want).as_deref(), Some(text));
        }
    }

    #[test]
    fn encoded_text_has_only_safe_bytes() {
        let all: String = (0u32..0x800).filter_map(char::from_u32).collect();
        let enc = encode_component(&all);
        assert!(enc
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+%".contains(&b)));
        assert_eq!(decode_component(&enc).as_deref(), Some(all.as_str()));
    }
}
