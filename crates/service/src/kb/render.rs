//! Markdown to HTML that is safe to put in a page: pulldown-cmark renders (raw HTML passes
//! through it), then ammonia keeps only harmless tags and attributes — no `<script>`, no event
//! handlers, no `javascript:` or `data:` links — so what an article says can never run.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// The article's HTML, sanitised.
pub fn to_html(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// The words a reader sees, without Markdown syntax: what excerpts are cut from. Raw HTML is
/// left out (it is markup, not text).
pub fn to_plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new_ext(markdown, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Item) => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_javascript_links_never_survive() {
        let html = to_html(
            "# Hola\n\n<script>alert(1)</script>\n\n[clic](javascript:alert(2)) \
             <a href=\"javascript:alert(3)\">x</a> <img src=x onerror=alert(4)>\n\n**bien**",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(
            html.contains("<strong>bien</strong>") && html.contains("<h1>Hola</h1>"),
            "{html}"
        );
    }

    #[test]
    fn plain_text_drops_the_syntax() {
        assert_eq!(
            to_plain("# Título\n\n1. Vaya a **Administración**\n2. Pulse `Matricular`"),
            "Título Vaya a Administración Pulse Matricular"
        );
    }
}
