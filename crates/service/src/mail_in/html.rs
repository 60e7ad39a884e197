//! An HTML-only message becomes plain text: first sanitised by ammonia (scripts, styles,
//! event handlers and every unknown tag dropped with their dangerous content), then the safe
//! markup left is flattened to text, block ends becoming line breaks.

/// Sanitised, then flattened to text.
pub fn html_to_text(html: &str) -> String {
    let clean = ammonia::Builder::default()
        // Only the structure matters here; links and images are dropped with their URLs.
        .rm_tags(["a", "img"])
        .clean(html)
        .to_string();
    flatten(&clean)
}

/// Strips the (well-formed, ammonia-written) tags of `html`, turns block ends into line
/// breaks and decodes the entities ammonia writes.
fn flatten(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            // Not a tag after all (ammonia escapes '<' in text, so this is not expected).
            rest = &rest[lt + 1..];
            continue;
        };
        let tag = rest[lt + 1..lt + gt]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "br" | "p"
                | "div"
                | "li"
                | "tr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "blockquote"
                | "pre"
                | "table"
                | "ul"
                | "ol"
                | "hr"
        ) {
            out.push('\n');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    let text = decode_entities(&out);
    // At most one empty line in a row, no trailing spaces.
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() && lines.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n").trim().to_string()
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &after[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => ent
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_go_text_stays() {
        let t = html_to_text(
            "<html><head><style>p{color:red}</style><script>alert(1)</script></head>\
             <body><p onclick=\"x()\">Hola &amp; chau</p><p>2 &lt; 3<br>fin</p>\
             <img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">link</a></body></html>",
        );
        assert_eq!(t, "Hola & chau\n\n2 < 3\nfin\nlink");
        assert!(!t.contains("alert"));
    }
}
