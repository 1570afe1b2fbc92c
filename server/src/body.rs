//! Form bodies: the parameters PHP puts in `$_POST`.
//!
//! `application/x-www-form-urlencoded` is decoded like a query string
//! ([`crate::decode::pairs`]); `multipart/form-data` fields are read as UTF-8 (bytes that
//! are not UTF-8 as Latin-1), file parts skipped (PHP puts them in `$_FILES`). Any other
//! content type, or none, contributes no parameters: PHP ignores such bodies, and so
//! does the real server (JSON bodies included).

use axum::body::Bytes;

/// A body that claims to be multipart but cannot be read as such.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// The `Content-Type` has no usable `boundary`.
    #[error("multipart body without a boundary")]
    NoBoundary,
    /// The parts are malformed.
    #[error("malformed multipart body")]
    Malformed,
}

/// The form parameters of a body with the given `Content-Type` header value.
pub async fn form_pairs(
    content_type: Option<&str>,
    body: Bytes,
) -> Result<Vec<(String, String)>, BodyError> {
    let Some(content_type) = content_type else {
        return Ok(Vec::new());
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Ok(crate::decode::pairs(&body)),
        "multipart/form-data" => multipart(content_type, body).await,
        _ => Ok(Vec::new()),
    }
}

/// The non-file fields of a multipart body.
async fn multipart(content_type: &str, body: Bytes) -> Result<Vec<(String, String)>, BodyError> {
    let boundary = multer::parse_boundary(content_type).map_err(|_| BodyError::NoBoundary)?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut parts = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Some(field) = parts.next_field().await.map_err(|_| BodyError::Malformed)? {
        let name = field.name().map(str::to_owned);
        let is_file = field.file_name().is_some();
        let value = field.bytes().await.map_err(|_| BodyError::Malformed)?;
        match name {
            Some(name) if !is_file && !name.is_empty() => out.push((name, text_bytes(&value))),
            _ => {}
        }
    }
    Ok(out)
}

/// Bytes as UTF-8, or as Latin-1 when they are not UTF-8.
fn text_bytes(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_owned(),
        Err(_) => b.iter().map(|&c| char::from(c)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T>(f: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .map(|rt| rt.block_on(f))
            .unwrap_or_else(|e| panic!("runtime: {e}"))
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn urlencoded() {
        let got = run(form_pairs(
            Some("application/x-www-form-urlencoded; charset=UTF-8"),
            Bytes::from_static(b"operation=login&username=admin&accessKey=ab%2Bc"),
        ));
        assert_eq!(
            got.ok(),
            Some(pairs(&[
                ("operation", "login"),
                ("username", "admin"),
                ("accessKey", "ab+c")
            ]))
        );
    }

    #[test]
    fn multipart_fields_and_files() {
        let body = "--XyZ\r\n\
            Content-Disposition: form-data; name=\"operation\"\r\n\r\n\
            login\r\n\
            --XyZ\r\n\
            Content-Disposition: form-data; name=\"username\"\r\n\r\n\
            Zürich+%41\r\n\
            --XyZ\r\n\
            Content-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\n\
            Content-Type: text/plain\r\n\r\n\
            ignored\r\n\
            --XyZ--\r\n";
        let got = run(form_pairs(
            Some("multipart/form-data; boundary=XyZ"),
            Bytes::from(body),
        ));
        assert_eq!(
            got.ok(),
            Some(pairs(&[("operation", "login"), ("username", "Zürich+%41")]))
        );
    }

    #[test]
    fn multipart_errors() {
        let got = run(form_pairs(Some("multipart/form-data"), Bytes::new()));
        assert!(matches!(got, Err(BodyError::NoBoundary)));
        let got = run(form_pairs(
            Some("multipart/form-data; boundary=XyZ"),
            Bytes::from_static(
                b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
            ),
        ));
        assert!(matches!(got, Err(BodyError::Malformed)));
    }

    #[test]
    fn other_bodies_are_ignored() {
        for ct in [None, Some("application/json"), Some("text/plain")] {
            let got = run(form_pairs(ct, Bytes::from_static(b"operation=login")));
            assert_eq!(got.ok(), Some(Vec::new()));
        }
    }

    #[test]
    fn empty_body() {
        let got = run(form_pairs(
            Some("application/x-www-form-urlencoded"),
            Bytes::new(),
        ));
        assert_eq!(got.ok(), Some(Vec::new()));
    }
}
