//! A text as the words search stores and matches.

use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Longer "words" are hashes, encoded blobs or pasted logs: nobody searches for them, and they
/// would bloat the index.
pub const MAX_WORD_CHARS: usize = 40;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower-case, accents kept ("matriculación"): what the stemmers read.
    pub lower: String,
    /// Lower-case, accents stripped ("matriculacion"): what the index stores.
    pub folded: String,
    /// Where it is in the original text (for highlighting).
    pub range: Range<usize>,
}

/// The words of `text`, in order; over-long ones are left out.
pub fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            // Skip to the next letter or digit.
            let (start, _) = loop {
                let (i, c) = chars.next()?;
                if c.is_alphanumeric() {
                    break (i, c);
                }
            };
            let mut end = text.len();
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_alphanumeric() {
                    end = i;
                    break;
                }
                chars.next();
            }
            let raw = &text[start..end];
            if raw.chars().count() > MAX_WORD_CHARS {
                continue;
            }
            let lower = raw.to_lowercase();
            let folded = fold(&lower);
            if folded.is_empty() {
                continue;
            }
            return Some(Word {
                lower,
                folded,
                range: start..end,
            });
        }
    })
}

/// Shorter words have no stem: they match only themselves.
pub const MIN_STEMMED_CHARS: usize = 3;

/// A stem shorter than this is too broad to stand for the word ("notas" -> "not").
const MIN_STEM_CHARS: usize = 4;

/// The Snowball stemmers of the languages the help desk is written in.
pub struct Stemmers([Stemmer; 2]);

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers([
            Stemmer::create(Algorithm::Spanish),
            Stemmer::create(Algorithm::English),
        ])
    }
}

impl Stemmers {
    /// The stem a word also stands for, when it has one: the shortest Spanish or English
    /// Snowball stem that is still a proper prefix of the folded word and not too short
    /// ("matriculación", "matricular" and "matriculas" -> "matricul"; "alumnos" -> "alumn").
    /// Words of fewer than three letters and numbers have none. The index stores it beside the
    /// word and a finished query word looks it up, so both sides must use this one function.
    pub fn stem(&self, word: &Word) -> Option<String> {
        let chars = word.folded.chars().count();
        if chars < MIN_STEMMED_CHARS || word.folded.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut best: Option<String> = None;
        for s in &self.0 {
            let stem = fold(&s.stem(&word.lower));
            if stem.chars().count() >= MIN_STEM_CHARS
                && stem.len() < best.as_ref().map_or(word.folded.len(), String::len)
                && word.folded.starts_with(&stem)
            {
                best = Some(stem);
            }
        }
        best
    }
}

/// Lower-case `s` without accents, letters and digits only.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .nfkd()
        .filter(|c| !is_combining_mark(*c) && c.is_alphanumeric())
        .collect()
}

/// The text to index: every folded word followed by its stem when it has one
/// ("alumnos matriculados" -> "alumnos alumn matriculados matricul"), joined by single spaces,
/// at most `max_bytes` long. What a search finds is decided by these tokens: a finished word of
/// a query matches its stem exactly (a cheap lookup of one token), the word being typed as a
/// prefix too.
pub fn index_words(text: &str, max_bytes: usize, stemmers: &Stemmers) -> String {
    let mut out = String::new();
    for w in words(text) {
        let stem = stemmers.stem(&w);
        let need = w.folded.len() + 1 + stem.as_ref().map_or(0, |s| s.len() + 1);
        if out.len() + need > max_bytes {
            break;
        }
        for token in std::iter::once(w.folded.as_str()).chain(stem.as_deref()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(token);
        }
    }
    out
}

/// The text to index: its folded words joined by single spaces, at most `max_bytes` long (a
/// pasted log is indexed by its beginning, not refused).
pub fn index_text(text: &str, max_bytes: usize) -> String {
    let mut out = String::new();
    for w in words(text) {
        if out.len() + w.folded.len() + 1 > max_bytes {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.folded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents_and_splits_on_punctuation() {
        assert_eq!(
            index_text(
                "¿Matriculación de ALUMNOS? Año 2026: e-mail/T-0000101",
                1000
            ),
            "matriculacion de alumnos ano 2026 e mail t 0000101"
        );
    }

    #[test]
    fn keeps_ranges_of_the_original() {
        let text = "Él dijo: «Cañón»";
        let w: Vec<Word> = words(text).collect();
        assert_eq!(w.len(), 3);
        assert_eq!(&text[w[2].range.clone()], "Cañón");
        assert_eq!(w[2].lower, "cañón");
        assert_eq!(w[2].folded, "canon");
    }

    #[test]
    fn indexes_each_word_with_its_stem() {
        let s = Stemmers::default();
        assert_eq!(
            index_words("Matriculación de ALUMNOS 2026 en el plugin", 1000, &s),
            "matriculacion matricul de alumnos alumn 2026 en el plugin"
        );
        assert_eq!(
            index_words("matricular matriculas users", 1000, &s),
            "matricular matricul matriculas matricul users user"
        );
        // A word and its stem fit together or not at all.
        assert_eq!(index_words("uno alumnos", 10, &s), "uno");
    }

    #[test]
    fn leaves_out_long_words_and_stops_at_the_budget() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(index_text(&format!("uno {long} dos"), 1000), "uno dos");
        assert_eq!(index_text("uno dos tres", 7), "uno dos");
    }
}
