//! Previous/next over the queue's keyset cursors, with "51–100 of 137".
//!
//! A cursor only leads forward, so the page carries the cursors of the pages before it in
//! `trail` (`-` standing for the first page): "previous" pops the last one.

/// `Some(list)` when `raw` is absent or a comma-separated list of `-` and cursor-shaped
/// tokens (digits, `_`, `-`; a search's relevance pages are `o<offset>`); anything else is a
/// bad link.
pub fn valid_trail(raw: Option<&str>) -> Option<Vec<String>> {
    let Some(raw) = raw else {
        return Some(Vec::new());
    };
    let parts: Vec<String> = raw.split(',').map(str::to_string).collect();
    let ok = parts.len() <= 10_000
        && parts.iter().all(|p| {
            let p = p.strip_prefix('o').unwrap_or(p);
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_digit() || c == '_' || c == '-')
        });
    ok.then_some(parts)
}

pub struct Paging {
    /// 1-based position of the first row shown, 0 when the page is empty.
    pub from: i64,
    pub to: i64,
    pub total: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Paging {
    /// The total as shown: a search's count stops past its cap ("1000+").
    pub fn total_label(&self) -> String {
        if self.total > domain::limits::SEARCH_COUNT_MAX {
            format!("{}+", domain::limits::SEARCH_COUNT_MAX)
        } else {
            self.total.to_string()
        }
    }

    /// `link` builds a queue URL with the current filters plus the given pairs.
    pub fn new(
        trail: &[String],
        cursor: Option<&str>,
        next_cursor: Option<&str>,
        shown: usize,
        total: i64,
        page_size: i64,
        link: impl Fn(&[(&str, &str)]) -> String,
    ) -> Paging {
        let before = trail.len() as i64 * page_size;
        let prev = cursor.map(|_| {
            let (last, rest) = trail
                .split_last()
                .map_or(("-", &[][..]), |(l, r)| (l.as_str(), r));
            let rest = rest.join(",");
            let mut pairs: Vec<(&str, &str)> = Vec::new();
            if last != "-" {
                pairs.push(("cursor", last));
            }
            if !rest.is_empty() {
                pairs.push(("trail", &rest));
            }
            link(&pairs)
        });
        let more = before + (shown as i64) < total;
        let next = next_cursor.filter(|_| more).map(|n| {
            let mut t: Vec<&str> = trail.iter().map(String::as_str).collect();
            t.push(cursor.unwrap_or("-"));
            let t = t.join(",");
            link(&[("cursor", n), ("trail", &t)])
        });
        Paging {
            from: if shown == 0 { 0 } else { before + 1 },
            to: before + shown as i64,
            total,
            prev,
            next,
        }
    }
}
