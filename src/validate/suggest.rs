//! "Did you mean" suggestions by edit distance.

/// The candidate closest to `name`: an exact match ignoring ASCII case first, else the
/// smallest optimal-string-alignment distance (a transposition counts as one edit),
/// compared case-insensitively, within a third of the name's length (at least 1).
/// Ties go to the earlier candidate.
pub(crate) fn did_you_mean<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    if let Some(c) = candidates
        .clone()
        .into_iter()
        .find(|c| c.eq_ignore_ascii_case(name))
    {
        return Some(c);
    }
    let max = (name.chars().count().max(3)) / 3;
    let mut best: Option<(usize, &str)> = None;
    let mut scratch = Scratch::default();
    for c in candidates {
        // Cheap length filter before the quadratic distance.
        if c.len().abs_diff(name.len()) > max {
            continue;
        }
        let d = scratch.distance(name, c);
        if d <= max && best.map_or(true, |(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[derive(Default)]
struct Scratch {
    a: Vec<char>,
    b: Vec<char>,
    rows: [Vec<usize>; 3],
}

impl Scratch {
    /// Optimal string alignment distance, ASCII case folded; three rolling rows.
    fn distance(&mut self, a: &str, b: &str) -> usize {
        self.a.clear();
        self.a.extend(a.chars().map(|c| c.to_ascii_lowercase()));
        self.b.clear();
        self.b.extend(b.chars().map(|c| c.to_ascii_lowercase()));
        let (a, b) = (&self.a, &self.b);
        let n = b.len();
        let [prev2, prev, cur] = &mut self.rows;
        prev2.clear();
        prev2.resize(n + 1, 0);
        prev.clear();
        prev.extend(0..=n);
        cur.clear();
        cur.resize(n + 1, 0);
        for i in 1..=a.len() {
            cur[0] = i;
            for j in 1..=n {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(prev2[j - 2] + 1);
                }
                cur[j] = v;
            }
            std::mem::swap(prev2, prev);
            std::mem::swap(prev, cur);
        }
        prev[n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let fields = [
            "firstname",
            "lastname",
            "email",
            "mailingcity",
            "account_id",
        ];
        assert_eq!(did_you_mean("lastnam", fields), Some("lastname"));
        assert_eq!(did_you_mean("emial", fields), Some("email"));
        assert_eq!(did_you_mean("LastName", fields), Some("lastname"));
        assert_eq!(did_you_mean("mailing_city", fields), Some("mailingcity"));
        assert_eq!(did_you_mean("zzz", fields), None);
        assert_eq!(did_you_mean("accountid", fields), Some("account_id"));
        assert_eq!(did_you_mean("", fields), None);
    }

    #[test]
    fn distance_values() {
        let mut s = Scratch::default();
        assert_eq!(s.distance("kitten", "sitting"), 3);
        assert_eq!(s.distance("ab", "ba"), 1);
        assert_eq!(s.distance("", "abc"), 3);
        assert_eq!(s.distance("abc", ""), 3);
        assert_eq!(s.distance("Žluť", "žluť"), 1); // only ASCII case is folded
    }
}
