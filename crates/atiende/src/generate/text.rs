//! The words of generated tickets: subjects and messages composed from phrase lists and slot
//! vocabularies about running Moodle campuses (text/es.txt, text/en.txt, text/shared.txt).
//!
//! Search benchmarks need text that behaves like the real thing: a large vocabulary whose
//! frequencies fall off like natural language (a few words everywhere, a long tail). Every
//! list is drawn with Zipf weights (the n-th line about 1/n as often as the first), and its
//! lines hold slots — course names, people, error strings, plugins, files, dates, numbers —
//! that multiply the distinct words. A slot keeps its value for the whole ticket, so the
//! subject, the client's messages and the agent's answers speak of the same course and error.
//!
//! A [`Writer`] is seeded per ticket: the same seed writes the same ticket, whatever else was
//! generated before it (copies regenerate their texts from their own ids).

use std::{collections::HashMap, sync::LazyLock};

use domain::ticket::Category;
use rand::{Rng, SeedableRng, rngs::StdRng};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Es,
    En,
}

/// What one message of a story is; its author kind and internal flag follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beat {
    /// The client's first message (the ticket's body).
    Opening,
    /// The agent's first answer.
    Ack,
    /// The agent asks for something and waits on the client.
    Ask,
    /// The client answers what was asked.
    Info,
    /// The agent's update while working.
    Progress,
    /// The client asks how it is going.
    FollowUp,
    /// An internal note.
    Note,
    /// An internal note that ends a wait: the client answered by phone.
    PhoneNote,
    Resolve,
    /// The client's reason to reopen.
    Reopen,
    /// The agent's second resolution.
    Again,
}

impl Beat {
    pub fn by_client(self) -> bool {
        matches!(
            self,
            Beat::Opening | Beat::Info | Beat::FollowUp | Beat::Reopen
        )
    }

    pub fn internal(self) -> bool {
        matches!(self, Beat::Note | Beat::PhoneNote)
    }

    fn section(self) -> &'static str {
        match self {
            Beat::Opening => "opening",
            Beat::Ack => "ack",
            Beat::Ask => "ask",
            Beat::Info => "info",
            Beat::Progress => "progress",
            Beat::FollowUp => "followup",
            Beat::Note => "note",
            Beat::PhoneNote => "note.phone",
            Beat::Resolve => "resolve",
            Beat::Reopen => "reopen",
            Beat::Again => "again",
        }
    }
}

/// The lists of one language: section name → lines, most common first.
struct Lexicon(HashMap<&'static str, Vec<&'static str>>);

fn parse(files: &[&'static str]) -> Lexicon {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for file in files {
        let mut current = None;
        for line in file.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                Some(name) => current = Some(name),
                None => {
                    if let Some(name) = current {
                        map.entry(name).or_default().push(line);
                    }
                }
            }
        }
    }
    Lexicon(map)
}

const SHARED: &str = include_str!("text/shared.txt");
static ES: LazyLock<Lexicon> = LazyLock::new(|| parse(&[SHARED, include_str!("text/es.txt")]));
static EN: LazyLock<Lexicon> = LazyLock::new(|| parse(&[SHARED, include_str!("text/en.txt")]));

/// A seed of its own for each ticket (SplitMix64 of the run's seed and the ticket's number),
/// so a ticket's words do not depend on the tickets written before it.
pub fn ticket_seed(run: u64, ticket: i64) -> u64 {
    let mut z = run ^ (ticket as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An index below `n` drawn with Zipf weights (s = 1): `P(i) ≈ 1 / ((i + 1) ln(n + 1))`.
fn zipf(rng: &mut StdRng, n: usize) -> usize {
    let x = ((n + 1) as f64).powf(rng.random::<f64>()) - 1.0;
    (x as usize).min(n.saturating_sub(1))
}

/// Writes one ticket: its subject, then its messages in order.
pub struct Writer {
    lex: &'static Lexicon,
    lang: Lang,
    category: &'static str,
    rng: StdRng,
    /// Slot values already chosen for this ticket.
    memo: Vec<(&'static str, String)>,
}

impl Writer {
    pub fn new(lang: Lang, category: Category, seed: u64) -> Writer {
        Writer {
            lex: match lang {
                Lang::Es => &ES,
                Lang::En => &EN,
            },
            lang,
            category: category.as_str(),
            rng: StdRng::seed_from_u64(seed),
            memo: Vec::new(),
        }
    }

    /// A subject: the category's phrase and, nineteen times in twenty, what it is about
    /// (course, date, person, reference…), as people qualify subjects so they can be told
    /// apart — a million tickets get about a million subjects.
    pub fn subject(&mut self) -> String {
        let line = self.line(&format!("subject.{}", self.category), "subject.technical");
        let mut subject = self.expand(line, 0);
        if self.rng.random_bool(0.95) {
            // A qualifier that repeats none of the phrase's own slots, if one comes up.
            let mut suffix = self.line("subject.suffix", "subject.suffix");
            for _ in 0..4 {
                if !self
                    .memo
                    .iter()
                    .any(|(n, _)| suffix.contains(&format!("{{{n}}}")))
                {
                    break;
                }
                suffix = self.line("subject.suffix", "subject.suffix");
            }
            subject.push(' ');
            subject.push_str(&self.expand(suffix, 0));
        }
        subject
    }

    /// A message: an optional greeting, the beat's sentence (the category's own when there
    /// is one), sometimes more detail, an optional closing. Notes are terse: no courtesy.
    pub fn message(&mut self, beat: Beat) -> String {
        let base = beat.section();
        let own = format!("{base}.{}", self.category);
        let polite = !beat.internal();
        let who = if beat.by_client() { "client" } else { "agent" };
        let mut parts = Vec::with_capacity(4);
        if polite && self.rng.random_bool(0.6) {
            parts.push(self.pick(&format!("greet.{who}")));
        }
        // The category's own sentences mostly; the generic ones (when there are) otherwise.
        let has_own = self.lex.0.contains_key(own.as_str());
        let main = if has_own && (!self.lex.0.contains_key(base) || self.rng.random_bool(0.8)) {
            self.line(&own, base)
        } else {
            self.line(base, &own)
        };
        let mut body = self.expand(main, 0);
        let details = match beat {
            Beat::Opening => self.rng.random_range(0..=2),
            Beat::Info | Beat::FollowUp | Beat::Reopen => self.rng.random_range(0..=1),
            _ => 0,
        };
        for _ in 0..details {
            body.push(' ');
            let d = self.pick("detail");
            body.push_str(&d);
        }
        parts.push(body);
        if polite && self.rng.random_bool(0.5) {
            parts.push(self.pick(&format!("close.{who}")));
        }
        parts.join("\n\n")
    }

    /// A line of `section` (or of `fallback` when this language has no such list).
    fn line(&mut self, section: &str, fallback: &str) -> &'static str {
        let lex = self.lex;
        let list = lex
            .0
            .get(section)
            .or_else(|| lex.0.get(fallback))
            .map_or(&[][..], |l| l.as_slice());
        match list.len() {
            0 => "",
            n => list[zipf(&mut self.rng, n)],
        }
    }

    fn pick(&mut self, section: &str) -> String {
        let line = self.line(section, section);
        self.expand(line, 1)
    }

    /// Fills a line's `{slots}`. Slots written in the phrases themselves (depth 0) keep their
    /// value for the ticket; those inside a slot's own lines are drawn afresh (a person's
    /// first name is not every first name of the ticket).
    fn expand(&mut self, line: &'static str, depth: u8) -> String {
        let mut out = String::with_capacity(line.len() + 16);
        let mut rest = line;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            out.push_str(&self.slot(name, depth));
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn slot(&mut self, name: &'static str, depth: u8) -> String {
        if depth == 0
            && let Some((_, v)) = self.memo.iter().find(|(n, _)| *n == name)
        {
            return v.clone();
        }
        let value = match self.builtin(name) {
            Some(v) => v,
            None if depth < 4 => {
                let line = self.line(name, name);
                self.expand(line, depth + 1)
            }
            None => String::new(),
        };
        if depth == 0 {
            self.memo.push((name, value.clone()));
        }
        value
    }

    /// Numbers, dates and codes: drawn, not listed.
    fn builtin(&mut self, name: &str) -> Option<String> {
        let r = &mut self.rng;
        let es = self.lang == Lang::Es;
        Some(match name {
            "n" => r.random_range(2..=40).to_string(),
            "users" => (r.random_range(2..=600) * 5).to_string(),
            "hours" => [5, 10, 20, 15, 30, 40, 8, 60][zipf(r, 8)].to_string(),
            "year" => r.random_range(2023..=2026).to_string(),
            "hour" => format!("{:02}:{:02}", r.random_range(7..=22), r.random_range(0..60)),
            "version" => match r.random_range(0..10) {
                0 => format!("3.11.{}", r.random_range(0..=18)),
                _ => format!("4.{}.{}", r.random_range(0..=5), r.random_range(0..=12)),
            },
            "invoice" if es => format!("A-0003-{:08}", r.random_range(1_000..40_000)),
            "invoice" => format!("INV-{:06}", r.random_range(1_000..40_000)),
            "ticket" => format!("#{}", r.random_range(1_000..999_999)),
            "amount" => {
                let (k, u) = (r.random_range(1..=40), r.random_range(0..4) * 250);
                let sep = if es { '.' } else { ',' };
                format!("USD {k}{sep}{u:03}")
            }
            "date" => {
                let day = r.random_range(1..=28);
                let month = MONTHS[r.random_range(0..12)];
                if es {
                    format!("{day} de {}", month.0)
                } else {
                    format!("{} {day}", month.1)
                }
            }
            _ => return None,
        })
    }
}

/// Calendar months for dates (the `month` lists are ordered by how often they come up).
const MONTHS: [(&str, &str); 12] = [
    ("enero", "January"),
    ("febrero", "February"),
    ("marzo", "March"),
    ("abril", "April"),
    ("mayo", "May"),
    ("junio", "June"),
    ("julio", "July"),
    ("agosto", "August"),
    ("septiembre", "September"),
    ("octubre", "October"),
    ("noviembre", "November"),
    ("diciembre", "December"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_has_a_list_or_a_builtin() {
        for lex in [&*ES, &*EN] {
            let mut w = Writer::new(Lang::Es, Category::Technical, 1);
            for (section, lines) in &lex.0 {
                for line in lines {
                    let mut rest = *line;
                    while let Some(open) = rest.find('{') {
                        let close = rest[open..].find('}').expect("closed slot") + open;
                        let name = &rest[open + 1..close];
                        assert!(
                            lex.0.contains_key(name) || w.builtin(name).is_some(),
                            "[{section}] {line}: no list {name}"
                        );
                        rest = &rest[close + 1..];
                    }
                }
            }
        }
    }

    #[test]
    fn every_beat_has_sentences_in_every_category_and_language() {
        use Beat::*;
        let beats = [
            Opening, Ack, Ask, Info, Progress, FollowUp, Note, PhoneNote, Resolve, Reopen, Again,
        ];
        for (lang, lex) in [("es", &*ES), ("en", &*EN)] {
            assert!(
                lex.0.contains_key("subject.suffix"),
                "{lang}: subject.suffix"
            );
            for c in Category::ALL {
                let subject = format!("subject.{}", c.as_str());
                assert!(lex.0.contains_key(subject.as_str()), "{lang}: {subject}");
                for b in beats {
                    let own = format!("{}.{}", b.section(), c.as_str());
                    assert!(
                        lex.0.contains_key(own.as_str()) || lex.0.contains_key(b.section()),
                        "{lang}: no sentence for {b:?} in {}",
                        c.as_str()
                    );
                }
            }
        }
    }

    #[test]
    fn the_same_seed_writes_the_same_ticket() {
        let write = |seed| {
            let mut w = Writer::new(Lang::Es, Category::Functional, seed);
            let beats = [Beat::Opening, Beat::Ack, Beat::Note, Beat::Resolve];
            let mut all = vec![w.subject()];
            all.extend(beats.map(|b| w.message(b)));
            all
        };
        assert_eq!(write(ticket_seed(42, 7)), write(ticket_seed(42, 7)));
        assert_ne!(write(ticket_seed(42, 7)), write(ticket_seed(42, 8)));
    }
}
