//! Which messages a template story has: the rules' own (the opening, a wait on the client, a
//! reopening, the resolution) and, to reach the average asked for, internal notes, a first
//! acknowledgement, progress updates, the client's follow-ups and further questions.
//!
//! The count is steered: each story is sized by what is still missing for the running average
//! to be `--messages-per-ticket`, so the templates (and their copies, which repeat them) land
//! on it whatever the draws. When the average asked for is below what the rules need (about
//! 2.8), the optional parts of the rules go first: the second resolution's message, the
//! reopening, the wait, and at 1 the resolution's message (resolved by a status change).

use rand::{Rng, rngs::StdRng, seq::SliceRandom};

use super::text::Beat;

/// Shares of the rules (see stories.rs): waits on the client, reopenings, duplicates.
pub const WAIT: f64 = 0.33;
pub const REOPEN: f64 = 0.06;
pub const DUPLICATE: f64 = 0.03;
/// Internal notes' share of all messages, where the count leaves room for them.
const NOTES: f64 = 0.15;
/// Of the waits, those the client ends by phone (an internal note) rather than in writing.
const BY_PHONE: f64 = 0.5;

/// One step between the agent's first answer and the resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Note,
    Progress,
    FollowUp,
    /// The agent asks and waits; the client answers in writing or by phone.
    Wait {
        by_phone: bool,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Script {
    pub duplicate: bool,
    /// Steps in order, after the triage.
    pub steps: Vec<Step>,
    /// The resolution carries a message (else it is a status change alone).
    pub resolve_message: bool,
    pub reopen: bool,
    pub again_message: bool,
}

impl Script {
    /// Messages the story writes, the opening included.
    pub fn messages(&self) -> u64 {
        let steps: u64 = self
            .steps
            .iter()
            .map(|s| match s {
                Step::Wait { .. } => 2,
                _ => 1,
            })
            .sum();
        1 + steps
            + u64::from(self.resolve_message)
            + u64::from(self.reopen)
            + u64::from(self.again_message)
    }

    /// A script of about `want` messages (what keeps the running average on target) for an
    /// average of `asked`.
    pub fn draw(rng: &mut StdRng, asked: f64, want: f64) -> Script {
        if rng.random_bool(DUPLICATE) {
            return Script {
                duplicate: true,
                ..Script::default()
            };
        }
        let mut s = Script {
            resolve_message: true,
            reopen: rng.random_bool(REOPEN),
            ..Script::default()
        };
        s.again_message = s.reopen;
        let wait = rng.random_bool(WAIT).then(|| Step::Wait {
            by_phone: rng.random_bool(BY_PHONE),
        });
        s.steps.extend(wait);
        // Asked for less than the rules need: drop their optional parts, least important
        // first, in the stories that would overshoot.
        let rules = 2.0 + 2.0 * WAIT + 2.0 * REOPEN;
        let short = |s: &Script| asked < rules && (s.messages() as f64) > want + 0.5;
        if short(&s) && s.again_message {
            s.again_message = false;
        }
        if short(&s) && s.reopen {
            s.reopen = false;
        }
        if short(&s) && !s.steps.is_empty() {
            s.steps.clear();
        }
        if short(&s) {
            s.resolve_message = false;
        }
        // Above: spread around `want` (some stories long, some short), notes first.
        let want = want.max(1.0);
        let target = rng.random_range(want * 0.5..=want * 1.5);
        let room = round(rng, target) - s.messages() as i64;
        if room <= 0 {
            return s;
        }
        let notes = round(rng, target * NOTES).min(room);
        let mut extra: Vec<Step> = (0..notes).map(|_| Step::Note).collect();
        let mut left = room - notes;
        let ack = left > 0;
        left -= i64::from(ack);
        while left > 0 {
            let step = match rng.random_range(0..10) {
                0..5 => Step::Progress,
                5..8 => Step::FollowUp,
                _ if left >= 2 => Step::Wait { by_phone: false },
                _ => Step::Progress,
            };
            left -= if matches!(step, Step::Wait { .. }) {
                2
            } else {
                1
            };
            extra.push(step);
        }
        extra.append(&mut s.steps);
        extra.shuffle(rng);
        if ack {
            // The acknowledgement is the agent's first public word.
            s.steps.push(Step::Progress);
        }
        s.steps.extend(extra);
        s
    }

    /// The beats of the messages in the order the story writes them.
    pub fn beats(&self) -> Vec<Beat> {
        let mut b = vec![Beat::Opening];
        for (k, step) in self.steps.iter().enumerate() {
            match step {
                Step::Note => b.push(Beat::Note),
                Step::Progress if k == 0 => b.push(Beat::Ack),
                Step::Progress => b.push(Beat::Progress),
                Step::FollowUp => b.push(Beat::FollowUp),
                Step::Wait { by_phone } => {
                    b.push(Beat::Ask);
                    b.push(if *by_phone {
                        Beat::PhoneNote
                    } else {
                        Beat::Info
                    });
                }
            }
        }
        if self.resolve_message {
            b.push(Beat::Resolve);
        }
        if self.reopen {
            b.push(Beat::Reopen);
        }
        if self.again_message {
            b.push(Beat::Again);
        }
        b
    }
}

/// `x` rounded up or down at random, in proportion: the mean stays `x`.
fn round(rng: &mut StdRng, x: f64) -> i64 {
    let floor = x.floor();
    floor as i64 + i64::from(rng.random_bool((x - floor).clamp(0.0, 1.0)))
}
