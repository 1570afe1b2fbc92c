//! What `parse.rs` and `examples/parse_loop.rs` share: reading a standard query file,
//! observing a result, and the byte scan that every benchmark compares the parser with
//! (a table lookup per byte, counting the changes of class).

use std::hint::black_box;
use std::path::PathBuf;

/// The text of `benches/queries/{name}.{ext}`.
pub fn read(name: &str, ext: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "queries",
        &format!("{name}.{ext}"),
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Keeps the optimizer from discarding a timed call's result, seen by reference: write
/// `observe(&f(..))`, and the result is dropped right after, inside the timed loop.
/// Returning the result to criterion's `iter` instead, which passes it through
/// `black_box` by value, copies the whole value once more per call (a
/// `Result<Query, ParseError>` is 280 bytes: about 13 ns on `tiny`, a sixth of its
/// parse), a cost of the harness, not of the code measured. Every function of the
/// benchmarks, the peer's included, goes through here.
#[inline(always)]
pub fn observe<T>(value: &T) {
    black_box(value);
}

/// Byte classes for the scan: whitespace, word, quote, punctuation, other.
const CLASS: [u8; 256] = {
    let mut t = [4u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b' ' | b'\t' | b'\r' | b'\n' => 0,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => 1,
            b'\'' => 2,
            b'(' | b')' | b',' | b'*' | b';' | b'=' | b'<' | b'>' | b'!' | b'+' | b'-' => 3,
            _ => 4,
        };
        b += 1;
    }
    t
};

/// Classifies every byte through a table and counts the class changes: the work any
/// tokenizer must do at least, with nothing built.
pub fn byte_scan(text: &[u8]) -> usize {
    let mut changes = 0;
    let mut prev = 0u8;
    for &b in text {
        let class = CLASS[b as usize];
        changes += usize::from(class != prev);
        prev = class;
    }
    changes
}
