//! Highlighted excerpts: the part of a text around its first matching word, with every
//! matching word marked. Computed here, not by the engines (FTS5's `snippet()` needs stored
//! content, PostgreSQL's `ts_headline` re-parses the whole text), so both engines show the
//! same excerpt.

use super::{
    SearchQuery,
    text::{Stemmers, words},
};

/// A piece of an excerpt; `hit` pieces are the matching words, as written in the original.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Up to about `max_chars` characters of `text` around its first match, cut at word
/// boundaries, with "…" where it was cut; `None` when no word of `text` matches.
pub fn snippet(text: &str, query: &SearchQuery, max_chars: usize) -> Option<Vec<Segment>> {
    let stemmers = Stemmers::default();
    let hits: Vec<_> = words(text)
        .filter(|w| query.matches(w, &stemmers))
        .map(|w| w.range)
        .collect();
    let first = hits.first()?.clone();
    // Start a little before the first hit, on a word boundary.
    let lead = max_chars / 4;
    let mut start = floor_char(text, first.start.saturating_sub(lead * 2));
    if start > 0 {
        start = words(&text[start..])
            .next()
            .map_or(first.start, |w| start + w.range.start)
            .min(first.start);
    }
    let mut end = text.len();
    let budget_end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map(|(i, _)| start + i);
    if let Some(limit) = budget_end {
        // End on the last word boundary inside the budget (at least the first hit).
        end = text[..limit].rfind(char::is_whitespace).unwrap_or(limit);
        end = end.max(first.end);
    }
    let mut out = Vec::new();
    let mut at = start;
    if start > 0 {
        out.push(Segment {
            text: "…".into(),
            hit: false,
        });
    }
    for r in hits
        .into_iter()
        .filter(|r| r.start >= start && r.end <= end)
    {
        if r.start > at {
            push_plain(&mut out, &text[at..r.start]);
        }
        out.push(Segment {
            text: text[r.clone()].to_string(),
            hit: true,
        });
        at = r.end;
    }
    if end > at {
        push_plain(&mut out, &text[at..end]);
    }
    if end < text.len() {
        push_plain(&mut out, "…");
    }
    Some(out)
}

/// Appends plain text with its whitespace runs collapsed (line breaks in a message would
/// break the one-line excerpt), keeping a single space at either end.
fn push_plain(out: &mut Vec<Segment>, s: &str) {
    let mut t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.starts_with(char::is_whitespace) && !t.is_empty() {
        t.insert(0, ' ');
    }
    if s.ends_with(char::is_whitespace) {
        t.push(' ');
    }
    if t.is_empty() {
        t.push(' ');
    }
    match out.last_mut() {
        Some(last) if !last.hit => last.text.push_str(&t),
        _ => out.push(Segment {
            text: t,
            hit: false,
        }),
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(s: &[Segment]) -> String {
        s.iter()
            .map(|g| {
                if g.hit {
                    format!("[{}]", g.text)
                } else {
                    g.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_every_matching_word_as_written() {
        let q = SearchQuery::parse("matricular");
        let s = snippet("No puedo matricular.\nLa Matriculación falla.", &q, 200).unwrap();
        assert_eq!(
            render(&s),
            "No puedo [matricular]. La [Matriculación] falla."
        );
    }

    #[test]
    fn cuts_around_the_first_hit() {
        let text = format!(
            "{} aquí está la copia de seguridad {}",
            "relleno ".repeat(50),
            "fin ".repeat(50)
        );
        let q = SearchQuery::parse("copia");
        let out = render(&snippet(&text, &q, 60).unwrap());
        assert!(out.starts_with('…') && out.ends_with('…'), "{out}");
        assert!(out.contains("[copia]"), "{out}");
        assert!(out.chars().count() <= 64, "{out}");
    }

    #[test]
    fn none_without_a_match_and_safe_on_multibyte_text() {
        let q = SearchQuery::parse("zzz");
        assert!(snippet("ñandú ñandú", &q, 5).is_none());
        let q = SearchQuery::parse("ñandú");
        let t = "ñ".repeat(300) + " ñandú " + &"ü".repeat(300);
        assert!(render(&snippet(&t, &q, 10).unwrap()).contains("[ñandú]"));
    }
}
