//! The lexer's tests: token kinds, strings, keywords, word lengths, whitespace.

use super::*;

fn kinds(src: &str) -> Vec<(Tok, &str)> {
    let mut out = Vec::new();
    let mut pos = skip_ws(src, 0);
    loop {
        let t = lex(src, pos);
        if t.kind() == Tok::End {
            return out;
        }
        out.push((t.kind(), &src[t.lo()..t.hi()]));
        pos = skip_ws(src, t.hi());
    }
}

#[test]
fn a_token_gives_back_what_it_was_built_from() {
    for (i, &kind) in Tok::ALL.iter().enumerate() {
        assert_eq!(kind as usize, i, "Tok::ALL is in declaration order");
        assert_eq!(Tok::from_u8(i as u8), kind);
        for (j, &kw) in Kw::ALL.iter().enumerate() {
            assert_eq!(kw as usize, j, "Kw::ALL is in declaration order");
            assert_eq!(Kw::from_u8(j as u8), kw);
            for escaped in [false, true] {
                let t = Token::new(kind, 7, u32::MAX as usize, escaped, kw);
                assert_eq!(
                    (t.kind(), t.kw(), t.escaped(), t.lo(), t.hi()),
                    (kind, kw, escaped, 7, u32::MAX as usize)
                );
            }
        }
    }
    // The tables end with the last declared variant, which `from_u8` gives for any
    // larger number.
    assert_eq!(Kw::Null as usize, Kw::ALL.len() - 1);
    assert_eq!(Tok::Invalid as usize, Tok::ALL.len() - 1);
    assert_eq!(Tok::from_u8(u8::MAX), Tok::Invalid);
    assert_eq!(Kw::from_u8(u8::MAX), Kw::Null);
}

#[test]
fn words_numbers_ids_are_one_lexeme() {
    assert_eq!(
        kinds("12x34 1e5 abc_1 100abc"),
        vec![
            (Tok::Word, "12x34"),
            (Tok::Word, "1e5"),
            (Tok::Word, "abc_1"),
            (Tok::Word, "100abc")
        ]
    );
}

#[test]
fn strings_and_escapes() {
    assert_eq!(kinds("'O''Brien'"), vec![(Tok::Str, "'O''Brien'")]);
    assert_eq!(kinds("''''"), vec![(Tok::Str, "''''")]);
    assert_eq!(kinds("'' x"), vec![(Tok::EmptyStr, "''"), (Tok::Word, "x")]);
    assert_eq!(kinds("'abc"), vec![(Tok::Unterminated, "'abc")]);
    assert_eq!(kinds("'''"), vec![(Tok::Unterminated, "'''")]);
    assert!(lex("'a''b'", 0).escaped());
    assert!(!lex("'ab'", 0).escaped());
}

#[test]
fn operators() {
    let k: Vec<Tok> = kinds("= != < > <= >= <> ==").iter().map(|t| t.0).collect();
    use Tok::*;
    assert_eq!(k, vec![Eq, Ne, Lt, Gt, Le, Ge, Lt, Gt, Eq, Eq]);
}

#[test]
fn signs_and_invalid() {
    assert_eq!(
        kinds("-5 +7"),
        vec![(Tok::SignedInt, "-5"), (Tok::SignedInt, "+7")]
    );
    assert_eq!(kinds("5-3"), vec![(Tok::Word, "5"), (Tok::SignedInt, "-3")]);
    assert_eq!(kinds("- é"), vec![(Tok::Invalid, "-"), (Tok::Invalid, "é")]);
    assert_eq!(kinds("\"x\""), vec![(Tok::DoubleQuoted, "\"x\"")]);
    assert_eq!(kinds("\"x"), vec![(Tok::DoubleQuoted, "\"x")]);
}

#[test]
fn strings_of_every_length_around_the_short_scan() {
    // Quotes just before, at and after the end of the short scan, with multi-byte
    // characters straddling it, escapes on both sides, and no closing quote.
    for pad in ["a", "é", "日", "𝄞"] {
        for n in 0..48 {
            let body = pad.repeat(n);
            let src = format!("'{body}' x");
            let t = lex(&src, 0);
            let kind = if n == 0 { Tok::EmptyStr } else { Tok::Str };
            assert_eq!((t.kind(), t.hi()), (kind, body.len() + 2), "{src}");
            let src = format!("'{body}''{body}'");
            let t = lex(&src, 0);
            assert_eq!(
                (t.kind(), t.hi(), t.escaped()),
                (Tok::Str, src.len(), true),
                "{src}"
            );
            let src = format!("'{body}");
            let t = lex(&src, 0);
            assert_eq!((t.kind(), t.hi()), (Tok::Unterminated, src.len()), "{src}");
        }
    }
}

#[test]
fn word_mask_agrees_with_the_table_for_every_byte_in_every_lane() {
    for b in 0..=255u8 {
        for lane in 0..8 {
            // The byte under test in one lane, word and non-word bytes around it.
            for fill in [b'a', b' ', 0xff, b'_'] {
                let mut w = [fill; 8];
                w[lane] = b;
                let m = word_bytes_mask(u64::from_le_bytes(w));
                for (k, &byte) in w.iter().enumerate() {
                    let flagged = m & (0x80 << (8 * k)) != 0;
                    assert_eq!(flagged, is_word_byte(byte), "byte {byte:#x} lane {k}");
                }
            }
        }
    }
}

#[test]
fn word_lengths_across_the_eight_byte_steps() {
    for n in 1..40 {
        let word = "aZ_9".repeat(10)[..n].to_owned();
        for tail in ["", " ", "(", "é", "'x'"] {
            let src = format!("{word}{tail}");
            let t = lex(&src, 0);
            assert_eq!((t.kind(), t.hi()), (Tok::Word, n), "{src:?}");
        }
    }
}

#[test]
fn words_stop_at_non_ascii_bytes() {
    assert_eq!(
        kinds("Müller"),
        vec![(Tok::Word, "M"), (Tok::Invalid, "ü"), (Tok::Word, "ller")]
    );
    assert_eq!(
        kinds("a_1\u{a0}b"),
        vec![
            (Tok::Word, "a_1"),
            (Tok::Invalid, "\u{a0}"),
            (Tok::Word, "b")
        ]
    );
}

#[test]
fn keywords_are_classified_once_in_any_case_and_window() {
    // Every keyword, in several cases, followed by nothing, by a separator and by
    // word bytes (which make it another word), so that the eight-byte load sees
    // both a short tail and a full window.
    let words = crate::parse::keyword::KEYWORDS;
    for (w, kw) in words {
        for word in [
            w.to_owned(),
            w.to_ascii_uppercase(),
            format!("{}{}", &w[..1].to_ascii_uppercase(), &w[1..]),
        ] {
            for tail in ["", ";", " x = 1 and y = 2;", "_", "1", "x"] {
                let src = format!("{word}{tail}");
                let t = lex(&src, 0);
                let want = if tail.starts_with(['_', '1', 'x']) {
                    Kw::None
                } else {
                    kw
                };
                assert_eq!(t.kw(), want, "{src:?}");
                assert_eq!(crate::parse::keyword::keyword(&word), kw, "{word}");
            }
        }
    }
    for other in [
        "o",
        "x",
        "sel",
        "selects",
        "distinctx",
        "or_",
        "@nd",
        "12x34",
        "_in",
    ] {
        assert_eq!(lex(other, 0).kw(), Kw::None, "{other}");
        assert_eq!(crate::parse::keyword::keyword(other), Kw::None, "{other}");
    }
    // A word stops at a non-ASCII byte; the whole text is no keyword.
    assert_eq!(lex("in\u{e9}", 0).kw(), Kw::In);
    assert_eq!(crate::parse::keyword::keyword("in\u{e9}"), Kw::None);
    // Only words carry a keyword.
    assert_eq!(lex("'or'", 0).kw(), Kw::None);
}

#[test]
fn whitespace_is_space_tab_cr_lf_only() {
    assert_eq!(kinds(" \t\r\nx"), vec![(Tok::Word, "x")]);
    assert_eq!(
        kinds("\u{c}x"),
        vec![(Tok::Invalid, "\u{c}"), (Tok::Word, "x")]
    );
}
