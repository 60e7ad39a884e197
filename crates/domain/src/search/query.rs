//! A user's search text parsed into literal terms, and rendered for each engine.

use super::{
    stopwords::is_stopword,
    text::{MIN_STEMMED_CHARS, Stemmers, Word, words},
};

/// More terms do not narrow a search any further; they only cost time (a 10 KB paste
/// becomes its first 12 words).
pub const MAX_TERMS: usize = 12;

/// One literal term: `text` is folded letters and digits only, so it can never be syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Matches every indexed token starting with `text` (the word being typed); else the
    /// token `text` exactly (a word, or the stem the index stores beside its words).
    pub prefix: bool,
}

impl Term {
    /// Whether a word of a text matches this term, as the index would (`stem`: the word's
    /// stem, `Stemmers::stem`).
    pub fn matches(&self, folded: &str, stem: Option<&str>) -> bool {
        if self.prefix {
            folded.starts_with(&self.text)
        } else {
            folded == self.text || stem == Some(self.text.as_str())
        }
    }
}

/// One word of the query: the terms it matches by (any of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause(Vec<Term>);

impl Clause {
    pub fn terms(&self) -> &[Term] {
        &self.0
    }

    pub fn matches(&self, folded: &str, stem: Option<&str>) -> bool {
        self.0.iter().any(|t| t.matches(folded, stem))
    }
}

/// How clauses combine: tickets want every word (`All`); suggestions while a client types a
/// sentence want the best partial matches (`Any`, ranked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    All,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    clauses: Vec<Clause>,
    number: Option<i64>,
}

impl SearchQuery {
    /// The words of `input` as clauses. A finished word (any but the last, or the last when
    /// the text ends after it) matches the words sharing its stem: "matricular" finds
    /// "Matriculación" and "matriculas". The last word, which may still be being typed, also
    /// matches as a prefix: "matri" finds them too. Words of fewer than three letters and
    /// numbers match only themselves.
    pub fn parse(input: &str) -> SearchQuery {
        let number = ticket_number(input);
        let stemmers = Stemmers::default();
        // Bounded: a 10 KB paste is read up to the words it can use.
        let ws: Vec<Word> = words(input).take(MAX_TERMS * 8).collect();
        let typing = ws
            .last()
            .filter(|w| w.range.end == input.len())
            .map(|w| w.range.clone());
        let mut all = Vec::new();
        let mut kept = Vec::new();
        for w in &ws {
            let clause = clause_for(w, Some(&w.range) == typing.as_ref(), &stemmers);
            if !is_stopword(&w.folded) && !kept.contains(&clause) && kept.len() < MAX_TERMS {
                kept.push(clause.clone());
            }
            if !all.contains(&clause) && all.len() < MAX_TERMS {
                all.push(clause);
            }
        }
        // "de la" is all stop words: then they are what was asked for.
        let clauses = if kept.is_empty() { all } else { kept };
        SearchQuery { clauses, number }
    }

    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// The word being typed (folded), when the query ends with one that may be a prefix.
    pub fn typing_word(&self) -> Option<&str> {
        let last = self.clauses.last()?;
        last.terms()
            .iter()
            .find(|t| t.prefix)
            .map(|t| t.text.as_str())
    }

    /// The same query with the word being typed taken as finished (its stem, or itself,
    /// exactly): for when that word is already a word of the index, so the user most likely
    /// means it, and a prefix would only cost time (every word it begins read in full).
    pub fn finished(&self) -> SearchQuery {
        let mut q = self.clone();
        if let Some(last) = q.clauses.pop() {
            let exact = last
                .terms()
                .iter()
                .find(|t| !t.prefix)
                .cloned()
                .unwrap_or_else(|| Term {
                    text: last.terms()[0].text.clone(),
                    prefix: false,
                });
            let clause = Clause(vec![exact]);
            if !q.clauses.contains(&clause) {
                q.clauses.push(clause);
            }
        }
        q
    }

    /// A query of one folded word, matched exactly (to ask whether the index holds it).
    pub fn exact_word(folded: &str) -> SearchQuery {
        SearchQuery {
            clauses: vec![Clause(vec![Term {
                text: folded.to_string(),
                prefix: false,
            }])],
            number: None,
        }
    }

    /// Whether a word of a text matches any clause (for highlighting).
    pub fn matches(&self, word: &Word, stemmers: &Stemmers) -> bool {
        // A word's stem begins the word: only a word beginning like some term can match, and
        // only then is it worth stemming (an excerpt reads every word of a long text).
        let candidate = self
            .clauses
            .iter()
            .flat_map(Clause::terms)
            .any(|t| word.folded.starts_with(&t.text));
        if !candidate {
            return false;
        }
        let stem = stemmers.stem(word);
        self.clauses
            .iter()
            .any(|c| c.matches(&word.folded, stem.as_deref()))
    }

    /// The ticket number the text names, when it is nothing else: "101", "#101", "T-0000101".
    pub fn ticket_number(&self) -> Option<i64> {
        self.number
    }

    /// An FTS5 `MATCH` expression; `columns` restricts every term to those columns
    /// (e.g. `Some("subject public_text")`). `None` when there is nothing to search for.
    pub fn fts5(&self, combine: Combine, columns: Option<&str>) -> Option<String> {
        let joined = self.render(combine, " AND ", " OR ", |t| {
            format!("\"{}\"{}", t.text, if t.prefix { "*" } else { "" })
        })?;
        Some(match columns {
            Some(cols) => format!("{{{cols}}} : ({joined})"),
            None => joined,
        })
    }

    /// A `to_tsquery('simple', …)` text. `None` when there is nothing to search for.
    pub fn tsquery(&self, combine: Combine) -> Option<String> {
        self.render(combine, " & ", " | ", |t| {
            format!("'{}'{}", t.text, if t.prefix { ":*" } else { "" })
        })
    }

    fn render(
        &self,
        combine: Combine,
        and: &str,
        or: &str,
        term: impl Fn(&Term) -> String,
    ) -> Option<String> {
        if self.clauses.is_empty() {
            return None;
        }
        let clause = |c: &Clause| match c.terms() {
            [one] => term(one),
            many => format!("({})", many.iter().map(&term).collect::<Vec<_>>().join(or)),
        };
        Some(
            self.clauses
                .iter()
                .map(clause)
                .collect::<Vec<_>>()
                .join(match combine {
                    Combine::All => and,
                    Combine::Any => or,
                }),
        )
    }
}

/// The clause a word stands for: its stem (or itself) exactly; while being typed, also every
/// token it begins.
fn clause_for(w: &Word, typing: bool, stemmers: &Stemmers) -> Clause {
    let stem = stemmers.stem(w);
    let exact = Term {
        text: stem.clone().unwrap_or_else(|| w.folded.clone()),
        prefix: false,
    };
    let prefixable = w.folded.chars().count() >= MIN_STEMMED_CHARS
        && !w.folded.bytes().all(|b| b.is_ascii_digit());
    if !(typing && prefixable) {
        return Clause(vec![exact]);
    }
    let prefix = Term {
        text: w.folded.clone(),
        prefix: true,
    };
    // Without a stem the word's own prefix already covers the word.
    Clause(if stem.is_some() {
        vec![exact, prefix]
    } else {
        vec![prefix]
    })
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
            .clauses()
            .iter()
            .map(|c| {
                c.terms()
                    .iter()
                    .map(|t| format!("{}{}", t.text, if t.prefix { "*" } else { "" }))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn finished_words_stem_the_last_one_is_also_a_prefix() {
        assert_eq!(
            texts("No puedo MATRICULAR alumnos"),
            ["pued", "matricul", "alumn|alumnos*"]
        );
        assert_eq!(texts("matriculación"), ["matricul|matriculacion*"]);
        // Ended by a space or punctuation: nothing is being typed.
        assert_eq!(texts("matriculación "), ["matricul"]);
        assert_eq!(texts("matri"), ["matri*"]);
        assert_eq!(texts("enrolment of users?"), ["enrol", "user"]);
        assert_eq!(texts("de la"), ["de", "la"]);
        assert_eq!(texts("error 500 en el campus"), ["error", "500", "campus*"]);
        assert_eq!(texts("campus 500"), ["campus", "500"]);
        assert_eq!(texts("ok"), ["ok"]);
    }

    #[test]
    fn the_word_being_typed_can_be_taken_as_finished() {
        let q = SearchQuery::parse("matricular alumnos");
        assert_eq!(q.typing_word(), Some("alumnos"));
        let f = q.finished();
        assert_eq!(f.typing_word(), None);
        assert_eq!(
            f.fts5(Combine::All, None).unwrap(),
            r#""matricul" AND "alumn""#
        );
        assert_eq!(
            SearchQuery::parse("matri")
                .finished()
                .fts5(Combine::All, None)
                .unwrap(),
            r#""matri""#
        );
        assert_eq!(SearchQuery::parse("alumnos ").typing_word(), None);
        assert_eq!(SearchQuery::parse("alumnos 500").typing_word(), None);
    }

    #[test]
    fn highlighting_agrees_with_the_index() {
        let s = Stemmers::default();
        let q = SearchQuery::parse("matricular alu");
        let hit = |t: &str| words(t).any(|w| q.matches(&w, &s));
        assert!(hit("Matriculación"));
        assert!(hit("matriculas"));
        assert!(hit("alumnado"));
        assert!(!hit("matriz"));
        assert!(!hit("salud"));
    }

    #[test]
    fn syntax_is_only_ever_literal() {
        let q = SearchQuery::parse(r#"a" OR "b* NEAR(x) col:val -neg ^start 'q' & ! |"#);
        let fts = q.fts5(Combine::All, None).unwrap();
        let ts = q.tsquery(Combine::All).unwrap();
        for c in q.clauses() {
            for t in c.terms() {
                assert!(t.text.chars().all(char::is_alphanumeric), "{t:?}");
            }
        }
        assert!(!fts.contains("NEAR(") && !ts.contains('!'), "{fts} / {ts}");
    }

    #[test]
    fn renders_for_both_engines() {
        let q = SearchQuery::parse("matricular alumnos");
        assert_eq!(
            q.fts5(Combine::All, Some("subject body")).unwrap(),
            r#"{subject body} : ("matricul" AND ("alumn" OR "alumnos"*))"#
        );
        assert_eq!(
            q.tsquery(Combine::Any).unwrap(),
            "'matricul' | ('alumn' | 'alumnos':*)"
        );
        assert_eq!(
            SearchQuery::parse("2026 matri")
                .tsquery(Combine::All)
                .unwrap(),
            "'2026' & 'matri':*"
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
        assert_eq!(q.clauses().len(), 3);
        let many: String = (0..5000).map(|i| format!("w{i} ")).collect();
        assert_eq!(SearchQuery::parse(&many).clauses().len(), MAX_TERMS);
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
