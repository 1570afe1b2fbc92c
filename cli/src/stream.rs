//! A JSON document printed as it is produced: its leading fields, then the items of one
//! array one at a time, then the trailing fields. The text is exactly what
//! `serde_json::to_string_pretty` gives for the whole document, but memory stays flat
//! and `vtql parse big.vtql | head` stops the work early.

use serde_json::Value as Json;

/// An open document whose array is being printed (see the [module docs](self)); `W`
/// writes text out ([`crate::out::print`] for standard output).
pub struct JsonStream<W: FnMut(&str)> {
    items: usize,
    print: W,
}

impl<W: FnMut(&str)> JsonStream<W> {
    /// Prints `{`, the `leading` fields and the opening of the array `key`.
    pub fn start(leading: &[(&str, Json)], key: &str, mut print: W) -> Self {
        let mut head = String::from("{\n");
        for (k, v) in leading {
            head.push_str(&field(k, v));
            head.push_str(",\n");
        }
        head.push_str(&format!("  {}: [", Json::from(key)));
        print(&head);
        JsonStream { items: 0, print }
    }

    /// Prints one item of the array.
    pub fn item(&mut self, item: &Json) {
        let sep = if self.items == 0 { "\n" } else { ",\n" };
        self.items += 1;
        (self.print)(&format!("{sep}{}", indent(&pretty(item), "    ", true)));
    }

    /// Closes the array, prints the `trailing` fields and closes the document.
    pub fn finish(mut self, trailing: &[(&str, Json)]) {
        let mut tail = String::from(if self.items == 0 { "]" } else { "\n  ]" });
        for (k, v) in trailing {
            tail.push_str(",\n");
            tail.push_str(&field(k, v));
        }
        tail.push_str("\n}\n");
        (self.print)(&tail);
    }
}

fn pretty(v: &Json) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into())
}

/// `  "key": value` with the value's continuation lines indented one level.
fn field(key: &str, value: &Json) -> String {
    format!(
        "  {}: {}",
        Json::from(key),
        indent(&pretty(value), "  ", false)
    )
}

/// Prefixes the lines of `s` (the first one too when `first`). JSON strings hold no raw
/// line breaks, so every line break is the layout's.
fn indent(s: &str, by: &str, first: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i > 0 || first {
            out.push_str(by);
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What the pieces print, joined, equals the pretty printing of the whole document.
    #[test]
    fn same_text_as_the_whole_document() {
        for items in [vec![], vec![json!({"a": [1, {"b": "x\ny"}]}), json!(2)]] {
            let diagnostics = json!([{"code": "E0001", "span": {"line": 1}}]);
            let doc = json!({
                "version": 1,
                "target": "sqlite",
                "queries": items,
                "diagnostics": diagnostics,
            });
            let mut text = String::new();
            let leading = [("version", json!(1)), ("target", json!("sqlite"))];
            let mut stream = JsonStream::start(&leading, "queries", |s: &str| text.push_str(s));
            for item in &items {
                stream.item(item);
            }
            stream.finish(&[("diagnostics", diagnostics)]);
            assert_eq!(text, pretty(&doc) + "\n");
        }
    }
}
