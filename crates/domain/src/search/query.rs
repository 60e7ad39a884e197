//! A user's search text parsed into literal terms, and rendered for each engine.

use rust_stemmers::{Algorithm, Stemmer};

use super::{stopwords::is_stopword, text::words};

/// More terms do not narrow a search any further; they only cost time (a 10 KB paste
/// becomes its first 12 words).
pub const MAX_TERMS: usize = 12;

/// Shorter words match only themselves: as prefixes they would expand to thousands of
/// indexed words.
const MIN_PREFIX_CHARS: usize = 3;

/// A stem shorter than this is too broad to stand for the word ("notas" -> "not").
const MIN_STEM_CHARS: usize = 4;

/// One literal term: `text` is folded letters and digits only, so it can never be syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Matches every indexed word starting with `text`.
    pub prefix: bool,
}

impl Term {
    /// Whether an indexed (folded) word matches this term.
    pub fn matches(&self, folded: &str) -> bool {
        if self.prefix {
            folded.starts_with(&self.text)
        } else {
            folded == self.text
        }
    }
}

/// How terms combine: tickets want every term (`All`); suggestions while a client types a
/// sentence want the best partial matches (`Any`, ranked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    All,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    terms: Vec<Term>,
    number: Option<i64>,
}

impl SearchQuery {
    pub fn parse(input: &str) -> SearchQuery {
        let number = ticket_number(input);
        let stemmers = [
            Stemmer::create(Algorithm::Spanish),
            Stemmer::create(Algorithm::English),
        ];
        let mut all = Vec::new();
        let mut kept = Vec::new();
        // Bounded: a 10 KB paste is read up to the words it can use.
        for w in words(input).take(MAX_TERMS * 8) {
            let term = term_for(&w.lower, &w.folded, &stemmers);
            if !is_stopword(&w.folded) && !kept.contains(&term) && kept.len() < MAX_TERMS {
                kept.push(term.clone());
            }
            if !all.contains(&term) && all.len() < MAX_TERMS {
                all.push(term);
            }
        }
        // "de la" is all stop words: then they are what was asked for.
        let terms = if kept.is_empty() { all } else { kept };
        SearchQuery { terms, number }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The ticket number the text names, when it is nothing else: "101", "#101", "T-0000101".
    pub fn ticket_number(&self) -> Option<i64> {
        self.number
    }

    /// An FTS5 `MATCH` expression; `columns` restricts every term to those columns
    /// (e.g. `Some("subject public_text")`). `None` when there is nothing to search for.
    pub fn fts5(&self, combine: Combine, columns: Option<&str>) -> Option<String> {
        if self.terms.is_empty() {
            return None;
        }
        let joined = self
            .terms
            .iter()
            .map(|t| format!("\"{}\"{}", t.text, if t.prefix { "*" } else { "" }))
            .collect::<Vec<_>>()
            .join(match combine {
                Combine::All => " AND ",
                Combine::Any => " OR ",
            });
        Some(match columns {
            Some(cols) => format!("{{{cols}}} : ({joined})"),
            None => joined,
        })
    }

    /// A `to_tsquery('simple', …)` text; `weights` restricts every term to those labels
    /// (e.g. `Some("AB")`). `None` when there is nothing to search for.
    pub fn tsquery(&self, combine: Combine, weights: Option<&str>) -> Option<String> {
        if self.terms.is_empty() {
            return None;
        }
        let w = weights.unwrap_or("");
        Some(
            self.terms
                .iter()
                .map(|t| match (t.prefix, w.is_empty()) {
                    (true, _) => format!("'{}':*{w}", t.text),
                    (false, true) => format!("'{}'", t.text),
                    (false, false) => format!("'{}':{w}", t.text),
                })
                .collect::<Vec<_>>()
                .join(match combine {
                    Combine::All => " & ",
                    Combine::Any => " | ",
                }),
        )
    }
}

/// The term a word stands for: short words and numbers match exactly; longer words match
/// every word sharing their shortest stem (Spanish or English) that is still a prefix of the
/// word itself and not too short, else the word as a prefix.
fn term_for(lower: &str, folded: &str, stemmers: &[Stemmer]) -> Term {
    let chars = folded.chars().count();
    if chars < MIN_PREFIX_CHARS || folded.chars().all(|c| c.is_ascii_digit()) {
        return Term {
            text: folded.to_string(),
            prefix: false,
        };
    }
    let mut best = folded.to_string();
    for s in stemmers {
        let stem = super::text::index_text(&s.stem(lower), usize::MAX);
        if stem.chars().count() >= MIN_STEM_CHARS
            && stem.len() < best.len()
            && folded.starts_with(&stem)
        {
            best = stem;
        }
    }
    Term {
        text: best,
        prefix: true,
    }
}

/// "101", "#101", "T-0000101", "t101" (surrounding spaces allowed) as a ticket id.
fn ticket_number(input: &str) -> Option<i64> {
    let s = input.trim();
    let s = s.strip_prefix('#').unwrap_or(s);
    let s = s
        .strip_prefix(['T', 't'])
        .map(|r| r.strip_prefix('-').unwrap_or(r))
        .unwrap_or(s);
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<String> {
        SearchQuery::parse(q)
            .terms()
            .iter()
            .map(|t| format!("{}{}", t.text, if t.prefix { "*" } else { "" }))
            .collect()
    }

    #[test]
    fn stems_fold_and_drop_stop_words() {
        assert_eq!(
            texts("No puedo MATRICULAR alumnos"),
            ["pued*", "matricul*", "alumn*"]
        );
        assert_eq!(texts("matriculación"), ["matricul*"]);
        assert_eq!(texts("enrolment of users"), ["enrol*", "user*"]);
        assert_eq!(texts("de la"), ["de", "la"]);
        assert_eq!(
            texts("error 500 en el campus"),
            ["error*", "500", "campus*"]
        );
    }

    #[test]
    fn syntax_is_only_ever_literal() {
        let q = SearchQuery::parse(r#"a" OR "b* NEAR(x) col:val -neg ^start 'q' & ! |"#);
        let fts = q.fts5(Combine::All, None).unwrap();
        let ts = q.tsquery(Combine::All, None).unwrap();
        for t in q.terms() {
            assert!(t.text.chars().all(char::is_alphanumeric), "{t:?}");
        }
        assert!(!fts.contains("NEAR(") && !ts.contains('!'), "{fts} / {ts}");
    }

    #[test]
    fn renders_for_both_engines() {
        let q = SearchQuery::parse("matricular 2026");
        assert_eq!(
            q.fts5(Combine::All, Some("subject body")).unwrap(),
            r#"{subject body} : ("matricul"* AND "2026")"#
        );
        assert_eq!(
            q.tsquery(Combine::Any, Some("AB")).unwrap(),
            "'matricul':*AB | '2026':AB"
        );
        assert_eq!(
            q.tsquery(Combine::All, None).unwrap(),
            "'matricul':* & '2026'"
        );
        assert!(
            SearchQuery::parse(" ¿? ")
                .fts5(Combine::All, None)
                .is_none()
        );
    }

    #[test]
    fn a_huge_paste_becomes_a_few_terms() {
        let q = SearchQuery::parse(&"palabra nueva cosa ".repeat(1000));
        assert_eq!(q.terms().len(), 3);
        let many: String = (0..5000).map(|i| format!("w{i} ")).collect();
        assert_eq!(SearchQuery::parse(&many).terms().len(), MAX_TERMS);
    }

    #[test]
    fn ticket_numbers() {
        for (s, n) in [("101", 101), (" #101 ", 101), ("T-0000101", 101), ("t7", 7)] {
            assert_eq!(SearchQuery::parse(s).ticket_number(), Some(n), "{s}");
        }
        for s in ["T-", "0", "101 alumnos", "x101", "9999999999999"] {
            assert_eq!(SearchQuery::parse(s).ticket_number(), None, "{s}");
        }
    }
}
