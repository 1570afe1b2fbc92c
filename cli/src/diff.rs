//! A unified line diff, for `fmt --diff`.
//!
//! Common leading and trailing lines are trimmed, the middle is aligned by a longest
//! common subsequence (dynamic programming); past `MAX_CELLS` table cells the middle
//! is shown as replaced whole, which is still a correct (if less minimal) diff.

use std::fmt::Write as _;

/// Largest LCS table (in cells) computed; about 64 MiB.
const MAX_CELLS: usize = 16 << 20;
/// Lines of context around each change.
const CONTEXT: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same,
    Del,
    Add,
}

/// The unified diff turning `old` into `new`, with `---`/`+++` headers naming
/// `origin`; empty when the texts are equal.
pub fn unified(old: &str, new: &str, origin: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = align(&a, &b);

    let mut out = String::new();
    let _ = writeln!(out, "--- {origin}\n+++ {origin} (formatted)");
    // Group the changes whose gaps are at most 2 * CONTEXT unchanged lines into hunks.
    let changes: Vec<usize> = (0..ops.len()).filter(|&k| ops[k] != Op::Same).collect();
    let mut g = 0;
    while g < changes.len() {
        let mut h = g;
        while h + 1 < changes.len() && changes[h + 1] - changes[h] - 1 <= 2 * CONTEXT {
            h += 1;
        }
        let start = changes[g].saturating_sub(CONTEXT);
        let end = (changes[h] + 1 + CONTEXT).min(ops.len());
        g = h + 1;
        // Line numbers at `start`.
        let (mut la, mut lb) = (1, 1);
        for op in &ops[..start] {
            match op {
                Op::Same => {
                    la += 1;
                    lb += 1;
                }
                Op::Del => la += 1,
                Op::Add => lb += 1,
            }
        }
        let count = |keep: Op| {
            ops[start..end]
                .iter()
                .filter(|&&o| o == Op::Same || o == keep)
                .count()
        };
        let (na, nb) = (count(Op::Del), count(Op::Add));
        let _ = writeln!(out, "@@ -{} +{} @@", range(la, na), range(lb, nb));
        let (mut ia, mut ib) = (la - 1, lb - 1);
        for op in &ops[start..end] {
            let (mark, line) = match op {
                Op::Same => {
                    ia += 1;
                    ib += 1;
                    (' ', a[ia - 1])
                }
                Op::Del => {
                    ia += 1;
                    ('-', a[ia - 1])
                }
                Op::Add => {
                    ib += 1;
                    ('+', b[ib - 1])
                }
            };
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{},0", start - 1),
        1 => start.to_string(),
        _ => format!("{start},{len}"),
    }
}

/// The edit script from `a` to `b`.
fn align(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops = vec![Op::Same; prefix];
    let (n, m) = (ma.len(), mb.len());
    if n.saturating_mul(m) > MAX_CELLS {
        ops.extend(std::iter::repeat_n(Op::Del, n));
        ops.extend(std::iter::repeat_n(Op::Add, m));
    } else {
        // lcs[i][j]: LCS length of ma[i..] and mb[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && ma[i] == mb[j] {
                ops.push(Op::Same);
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                ops.push(Op::Del);
                i += 1;
            } else {
                ops.push(Op::Add);
                j += 1;
            }
        }
    }
    ops.extend(std::iter::repeat_n(Op::Same, suffix));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applying the diff's `-`/`+` lines to the old text gives the new text.
    fn apply(old: &str, diff: &str) -> String {
        let old: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut at = 0; // next old line (0-based)
        let mut lines = diff.lines().skip(2).peekable();
        while let Some(h) = lines.next() {
            let h = h.strip_prefix("@@ -").unwrap();
            let a = h.split(' ').next().unwrap();
            let (s, n) = a.split_once(',').map_or((a, "1"), |(s, n)| (s, n));
            let (s, n): (usize, usize) = (s.parse().unwrap(), n.parse().unwrap());
            let first = if n == 0 { s } else { s - 1 };
            for l in &old[at..first] {
                out.push_str(l);
            }
            at = first;
            while let Some(l) = lines.next_if(|l| !l.starts_with("@@")) {
                if l.starts_with('\\') {
                    out.pop();
                    continue;
                }
                let (mark, text) = l.split_at(1);
                match mark {
                    " " => {
                        out.push_str(text);
                        out.push('\n');
                        at += 1;
                    }
                    "-" => at += 1,
                    "+" => {
                        out.push_str(text);
                        out.push('\n');
                    }
                    _ => panic!("bad line {l:?}"),
                }
            }
        }
        for l in &old[at..] {
            out.push_str(l);
        }
        out
    }

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a\n", "a\n", "f"), "");
    }

    #[test]
    fn one_changed_line() {
        assert_eq!(
            unified("a\nb\nc\n", "a\nB\nc\n", "f"),
            "--- f\n+++ f (formatted)\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
    }

    #[test]
    fn missing_final_newline_is_marked() {
        assert_eq!(
            unified("x", "x\n", "f"),
            "--- f\n+++ f (formatted)\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n"
        );
    }

    #[test]
    fn diffs_apply() {
        let cases = [
            ("", "a\n"),
            ("a\n", ""),
            (
                "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n",
                "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\nn\n",
            ),
            ("1\n2\n3\n", "0\n1\n3\n4\n"),
            ("x\ny\n", "y\nx\n"),
            ("same\n\n\nq;\n", "same\nq;\n"),
        ];
        for (old, new) in cases {
            let d = unified(old, new, "f");
            assert_eq!(apply(old, &d), new, "{old:?} -> {new:?}\n{d}");
        }
    }
}
