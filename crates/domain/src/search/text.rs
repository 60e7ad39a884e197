//! A text as the words search stores and matches.

use std::ops::Range;

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
            let folded: String = lower
                .nfkd()
                .filter(|c| !is_combining_mark(*c) && c.is_alphanumeric())
                .collect();
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
    fn leaves_out_long_words_and_stops_at_the_budget() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(index_text(&format!("uno {long} dos"), 1000), "uno dos");
        assert_eq!(index_text("uno dos tres", 7), "uno dos");
    }
}
