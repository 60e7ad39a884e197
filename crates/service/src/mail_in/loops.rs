//! Mail loops: an automatic answer is never sent to automatic mail (another auto-reply, a
//! bounce, a list or bulk mailing) nor to ourselves, and at most once per sender a day.

use super::parse::ParsedMail;

/// Why no auto-reply may go to this message's sender at all, if so.
pub fn no_auto_reply(p: &ParsedMail, own: &[String]) -> Option<&'static str> {
    if p.from.is_empty() {
        return Some("no sender");
    }
    if p.auto_submitted.as_deref().is_some_and(|v| {
        // "no" may carry parameters: `no; foo=bar`.
        v.split(';').next().map(str::trim) != Some("no")
    }) {
        return Some("auto-submitted");
    }
    if p.precedence
        .as_deref()
        .is_some_and(|v| matches!(v, "bulk" | "list" | "junk"))
    {
        return Some("bulk precedence");
    }
    if p.list_id {
        return Some("mailing list");
    }
    let local = p.from.split('@').next().unwrap_or_default();
    if matches!(local, "mailer-daemon" | "postmaster") || local.starts_with("mailer-daemon") {
        return Some("mail system");
    }
    if own.contains(&p.from) {
        return Some("our own mailbox");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(addr: &str) -> ParsedMail {
        ParsedMail {
            from: addr.into(),
            ..ParsedMail::default()
        }
    }

    #[test]
    fn automatic_mail_is_never_answered() {
        let own = vec!["soporte@atiende.test".to_string()];
        assert_eq!(no_auto_reply(&from("ana@x.test"), &own), None);
        let mut p = from("ana@x.test");
        p.auto_submitted = Some("no".into());
        assert_eq!(no_auto_reply(&p, &own), None);
        p.auto_submitted = Some("auto-replied".into());
        assert!(no_auto_reply(&p, &own).is_some());
        let mut p = from("ana@x.test");
        p.precedence = Some("list".into());
        assert!(no_auto_reply(&p, &own).is_some());
        let mut p = from("ana@x.test");
        p.list_id = true;
        assert!(no_auto_reply(&p, &own).is_some());
        assert!(
            no_auto_reply(&from("MAILER-DAEMON@x.test".to_lowercase().as_str()), &own).is_some()
        );
        assert!(no_auto_reply(&from("postmaster@x.test"), &own).is_some());
        assert!(no_auto_reply(&from("soporte@atiende.test"), &own).is_some());
    }
}
