//! A request's text as words the rules can match: lower-case, accents stripped (so "matriculación"
//! and "matriculacion", "núcleo" and "NUCLEO" are one word), split on anything that is not a
//! letter or digit. `¿` stays a word of its own, because "¿cómo…?" opens a question and plain
//! "como" ("like") does not. Each word keeps where it was in the original text, so a match can
//! be quoted back as the client wrote it.

/// One word: its normalised form and its byte range in the original text.
#[derive(Debug, Clone)]
struct Word {
    norm: String,
    start: usize,
    end: usize,
}

/// A match: the first and last word it covers (inclusive).
pub(super) type Span = (usize, usize);

pub(super) struct Words<'a> {
    text: &'a str,
    words: Vec<Word>,
}

/// The letter without its accent; other characters unchanged.
fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' | 'ã' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        c => c,
    }
}

/// One pattern word: `matricul*` matches every word starting with "matricul"; `sap` only "sap".
fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern,
    }
}

impl<'a> Words<'a> {
    pub(super) fn new(text: &'a str) -> Words<'a> {
        let mut words: Vec<Word> = Vec::new();
        let mut current: Option<Word> = None;
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            if c.is_alphanumeric() {
                let folded: String = c.to_lowercase().map(fold).collect();
                match current.as_mut() {
                    Some(w) => {
                        w.norm.push_str(&folded);
                        w.end = end;
                    }
                    None => {
                        current = Some(Word {
                            norm: folded,
                            start: i,
                            end,
                        })
                    }
                }
            } else {
                words.extend(current.take());
                if c == '¿' {
                    words.push(Word {
                        norm: "¿".into(),
                        start: i,
                        end,
                    });
                }
            }
        }
        words.extend(current);
        Words { text, words }
    }

    /// Where `phrase` (pattern words separated by spaces) matches starting at word `i`.
    fn phrase_at(&self, phrase: &str, i: usize) -> Option<Span> {
        let mut j = i;
        for p in phrase.split(' ') {
            let w = self.words.get(j)?;
            if !word_matches(p, &w.norm) {
                return None;
            }
            j += 1;
        }
        (j > i).then(|| (i, j - 1))
    }

    /// Every match of any of `phrases`, in text order.
    fn all(&self, phrases: &[&str]) -> Vec<Span> {
        let mut out = Vec::new();
        for i in 0..self.words.len() {
            for p in phrases {
                if let Some(s) = self.phrase_at(p, i) {
                    out.push(s);
                }
            }
        }
        out
    }

    /// The first match of any of `phrases`.
    pub(super) fn any(&self, phrases: &[&str]) -> Option<Span> {
        self.all(phrases).into_iter().next()
    }

    /// Where a match of `a` and a match of `b` are at most `gap` words apart, in either order;
    /// the span covers both. The closest pair wins, so the quote is the tightest phrase that
    /// made the rule fire.
    pub(super) fn near(&self, a: &[&str], b: &[&str], gap: usize) -> Option<Span> {
        self.near_in(a, b, gap, true)
    }

    /// As [`Words::near`], with `b` after `a` only ("no … funciona", not "funciona … no").
    pub(super) fn then(&self, a: &[&str], b: &[&str], gap: usize) -> Option<Span> {
        self.near_in(a, b, gap, false)
    }

    fn near_in(&self, a: &[&str], b: &[&str], gap: usize, either: bool) -> Option<Span> {
        let (xs, ys) = (self.all(a), self.all(b));
        // (distance, backwards, start) ranks a pair: the closest, then `a` before `b` (a verb
        // before its object, the usual order in both languages), then the first.
        let mut best: Option<((usize, bool, usize), Span)> = None;
        for x in &xs {
            for y in &ys {
                let hit = if y.0 > x.1 {
                    Some(((y.0 - x.1, false, x.0), (x.0, y.1)))
                } else if either && x.0 > y.1 {
                    Some(((x.0 - y.1, true, y.0), (y.0, x.1)))
                } else {
                    None
                };
                if let Some((rank, span)) = hit.filter(|(r, _)| r.0 <= gap)
                    && best.is_none_or(|(b, _)| rank < b)
                {
                    best = Some((rank, span));
                }
            }
        }
        best.map(|(_, span)| span)
    }

    /// The words of `span` as the client wrote them (at most `max` characters).
    pub(super) fn quote(&self, span: Span, max: usize) -> String {
        let (Some(first), Some(last)) = (self.words.get(span.0), self.words.get(span.1)) else {
            return String::new();
        };
        let raw = self.text[first.start..last.end].split_whitespace();
        let text = raw.collect::<Vec<_>>().join(" ");
        if text.chars().count() <= max {
            text
        } else {
            let cut: String = text.chars().take(max).collect();
            format!("{cut}…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_quotes() {
        let w = Words::new("Necesitamos CREAR 40 cursos y Matriculación.");
        let s = w.near(&["crear"], &["curso*"], 2).unwrap();
        assert_eq!(w.quote(s, 80), "CREAR 40 cursos");
        assert!(w.any(&["matriculacion"]).is_some());
        assert!(Words::new("el NÚCLEO").any(&["nucleo"]).is_some());
        let q = Words::new("Buenas, ¿cómo hago?");
        assert!(q.any(&["¿ como"]).is_some());
        assert!(Words::new("como siempre").any(&["¿ como"]).is_none());
    }

    #[test]
    fn near_either_order_then_only_forward() {
        let w = Words::new("los cursos hay que crearlos");
        assert!(w.near(&["crear*"], &["curso*"], 3).is_some());
        assert!(w.then(&["crear*"], &["curso*"], 3).is_none());
        assert!(w.near(&["crear*"], &["curso*"], 2).is_none());
        // Equally close both ways: the verb before its object.
        let w = Words::new("Alta de cursos\nNecesitamos crear 40 cursos");
        assert_eq!(
            w.quote(w.near(&["crear"], &["curso*"], 6).unwrap(), 80),
            "crear 40 cursos"
        );
    }
}
