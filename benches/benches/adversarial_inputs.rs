//! The adversarial input families, shared by the benchmark `adversarial.rs` and the
//! peak-heap test `tests/heap.rs`: each builds a query of about `n` bytes that stresses
//! one part of the parser. The "near miss" families fail only at their very end.

/// One adversarial family: a name and a builder of an input of about `size` bytes.
pub type Family = (&'static str, fn(usize) -> String);

fn repeat_until(
    head: &str,
    unit: impl Fn(usize) -> String,
    sep: &str,
    tail: &str,
    size: usize,
) -> String {
    let mut s = String::with_capacity(size + 64);
    s.push_str(head);
    let mut i = 0;
    while s.len() + tail.len() < size {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(&unit(i));
        i += 1;
    }
    s.push_str(tail);
    s
}

/// The adversarial families, as in the benchmark.
pub const FAMILIES: &[Family] = &[
    ("long chain", |n| {
        repeat_until(
            "select * from Leads where ",
            |i| format!("c{} = '{}'", i % 10, i % 10),
            " and ",
            ";",
            n,
        )
    }),
    ("short-condition chain", |n| {
        repeat_until(
            "select * from Leads where ",
            |i| format!("a={}", i % 10),
            " or ",
            ";",
            n,
        )
    }),
    ("huge in-list", |n| {
        repeat_until(
            "select * from Leads where id in (",
            |i| format!("'{}'", i % 10),
            ",",
            ");",
            n,
        )
    }),
    ("integer in-list", |n| {
        repeat_until(
            "select * from Leads where id in (",
            |i| format!("{}", 1 + i % 9),
            ",",
            ");",
            n,
        )
    }),
    ("very long string", |n| {
        let body = "x".repeat(n.saturating_sub(48));
        format!("select * from Leads where lastname = '{body}';")
    }),
    ("string full of ''", |n| {
        let body = "''".repeat(n.saturating_sub(48) / 2);
        format!("select * from Leads where lastname = '{body}';")
    }),
    ("deep whitespace", |n| {
        let ws: String = " \t\r\n"
            .chars()
            .cycle()
            .take(n.saturating_sub(40))
            .collect();
        format!("select{ws}* from Leads;")
    }),
    ("many columns", |n| {
        repeat_until(
            "select ",
            |i| format!("c{}", i % 10),
            ",",
            " from Leads;",
            n,
        )
    }),
    ("near miss: chain failing at the end", |n| {
        let mut s = repeat_until(
            "select * from Leads where ",
            |i| format!("c{} = '{}'", i % 10, i),
            " and ",
            "",
            n - 20,
        );
        s.push_str(" and z = Smith;");
        s
    }),
    ("near miss: unterminated string", |n| {
        let body = "y".repeat(n.saturating_sub(48));
        format!("select * from Leads where lastname = '{body}")
    }),
    ("near miss: in-list missing `)`", |n| {
        repeat_until(
            "select * from Leads where id in (",
            |i| format!("'{}'", i % 10),
            ", ",
            ";",
            n,
        )
    }),
];
