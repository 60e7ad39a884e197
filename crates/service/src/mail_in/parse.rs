//! What a raw message says, as far as routing needs it: sender, subject, the ids it
//! answers, the loop-relevant headers, the text and the attachments. Parsing runs inside
//! `catch_unwind`: a message that trips the parser becomes a review item, never a stopped
//! worker.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders, PartType};
use sha2::{Digest, Sha256};

use super::html::html_to_text;

#[derive(Debug, Clone, Default)]
pub struct ParsedMail {
    /// `Message-ID` without `<>`, or `sha256:<hex>` of the raw message when it has none.
    pub message_id: String,
    /// The From address, lowercased; empty when there is none.
    pub from: String,
    pub subject: String,
    /// The ids in `In-Reply-To` and `References`, without `<>`.
    pub refs: Vec<String>,
    /// `Auto-Submitted`, `Precedence`, `List-Id` as given (lowercased).
    pub auto_submitted: Option<String>,
    pub precedence: Option<String>,
    pub list_id: bool,
    /// The body as plain text (text/plain preferred; HTML sanitised and flattened).
    pub text: String,
    pub attachments: Vec<MailFile>,
}

#[derive(Debug, Clone)]
pub struct MailFile {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// The id a message is known by when it has no Message-ID.
pub fn digest_id(raw: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(raw)))
}

/// Parses `raw`. `Err` (with why) when the parser finds no message or panics.
pub fn parse(raw: &[u8]) -> Result<ParsedMail, String> {
    match std::panic::catch_unwind(|| parse_inner(raw)) {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err("no message headers found".into()),
        Err(_) => Err("the MIME parser failed on this message".into()),
    }
}

/// Only the headers (an oversized message is read no further than them).
pub fn parse_headers(raw: &[u8]) -> ParsedMail {
    std::panic::catch_unwind(|| {
        let m = MessageParser::default().parse_headers(raw)?;
        let mut p = headers_of(&m, raw);
        p.text.clear();
        Some(p)
    })
    .ok()
    .flatten()
    .unwrap_or_else(|| ParsedMail {
        message_id: digest_id(raw),
        ..ParsedMail::default()
    })
}

fn parse_inner(raw: &[u8]) -> Option<ParsedMail> {
    let m = MessageParser::default().parse(raw)?;
    let mut p = headers_of(&m, raw);
    p.text = body_text(&m);
    for (n, part) in m.attachments().enumerate() {
        let data = match &part.body {
            PartType::Binary(b) | PartType::InlineBinary(b) => b.to_vec(),
            PartType::Text(t) => t.as_bytes().to_vec(),
            PartType::Html(h) => h.as_bytes().to_vec(),
            PartType::Message(msg) => msg.raw_message().to_vec(),
            PartType::Multipart(_) => continue,
        };
        if data.is_empty() {
            continue;
        }
        let content_type = part
            .content_type()
            .map(|c| match c.subtype() {
                Some(s) => format!("{}/{s}", c.ctype()),
                None => c.ctype().to_string(),
            })
            .unwrap_or_else(|| "application/octet-stream".into());
        let filename = part
            .attachment_name()
            .map(safe_filename)
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| format!("attachment-{}", n + 1));
        p.attachments.push(MailFile {
            filename,
            content_type,
            data,
        });
    }
    Some(p)
}

fn headers_of(m: &mail_parser::Message<'_>, raw: &[u8]) -> ParsedMail {
    let message_id = m
        .message_id()
        .map(|id| id.trim().trim_matches(['<', '>']).to_string())
        .filter(|id| !id.is_empty() && id.len() <= 500)
        .unwrap_or_else(|| digest_id(raw));
    let from = m
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .unwrap_or_default();
    let mut refs = ids(m.in_reply_to());
    refs.extend(ids(m.references()));
    let text_header = |name: &str| {
        m.header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
    };
    ParsedMail {
        message_id,
        from,
        subject: m.subject().unwrap_or_default().trim().to_string(),
        refs,
        auto_submitted: text_header("Auto-Submitted"),
        precedence: text_header("Precedence"),
        list_id: m.header_raw("List-Id").is_some(),
        text: String::new(),
        attachments: Vec::new(),
    }
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    let clean = |s: &str| s.trim().trim_matches(['<', '>']).to_string();
    match v {
        HeaderValue::Text(t) => t.split_whitespace().map(clean).collect(),
        HeaderValue::TextList(l) => l.iter().map(|s| clean(s)).collect(),
        _ => Vec::new(),
    }
}

/// The first text/plain body part; else the first HTML one, sanitised and flattened.
fn body_text(m: &mail_parser::Message<'_>) -> String {
    if let Some(t) = m.text_bodies().find_map(|p| match &p.body {
        PartType::Text(t) => Some(t.to_string()),
        _ => None,
    }) {
        return t;
    }
    m.html_bodies()
        .find_map(|p| match &p.body {
            PartType::Html(h) => Some(html_to_text(h)),
            _ => None,
        })
        .unwrap_or_default()
}

/// A sender's file name without paths or control characters.
fn safe_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_part_preferred_ids_and_loop_headers() {
        let raw = b"From: Ana <ANA@Norte.Test>\r\nSubject: Hola\r\nMessage-ID: <m1@x>\r\n\
            In-Reply-To: <ticket-7@atiende.test>\r\nReferences: <a@b> <ticket-7.2@atiende.test>\r\n\
            Auto-Submitted: auto-replied\r\nPrecedence: Bulk\r\nList-Id: <l.x>\r\n\
            Content-Type: multipart/alternative; boundary=b\r\n\r\n\
            --b\r\nContent-Type: text/plain\r\n\r\nplano\r\n\
            --b\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--b--\r\n";
        let p = parse(raw).unwrap();
        assert_eq!(p.message_id, "m1@x");
        assert_eq!(p.from, "ana@norte.test");
        assert_eq!(p.text.trim(), "plano");
        assert!(p.refs.contains(&"ticket-7@atiende.test".to_string()));
        assert!(p.refs.contains(&"ticket-7.2@atiende.test".to_string()));
        assert_eq!(p.auto_submitted.as_deref(), Some("auto-replied"));
        assert_eq!(p.precedence.as_deref(), Some("bulk"));
        assert!(p.list_id);
    }

    #[test]
    fn no_message_id_falls_back_to_a_digest() {
        let raw = b"From: a@b.test\r\nSubject: x\r\n\r\nbody\r\n";
        assert_eq!(parse(raw).unwrap().message_id, digest_id(raw));
    }
}
