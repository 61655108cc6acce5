//! Escaping for the two places input text lands in the page: HTML text and
//! attribute values, and the JSON report inside a `<script>` element.

use std::fmt;

/// Text or a quoted attribute value, escaped: `Escaped(name)` in a `write!`.
/// The five markup characters become references; C0 controls other than
/// tab, newline and carriage return (a binary cell can put them in a
/// message) are not allowed in HTML and become U+FFFD.
pub struct Escaped<'t>(pub &'t str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(needs_escape) {
            f.write_str(&rest[..at])?;
            let character = rest[at..].chars().next().unwrap_or_default();
            f.write_str(match character {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => "\u{fffd}",
            })?;
            rest = &rest[at + character.len_utf8()..];
        }
        f.write_str(rest)
    }
}

fn needs_escape(character: char) -> bool {
    matches!(character, '&' | '<' | '>' | '"' | '\'')
        || (character.is_ascii_control() && !matches!(character, '\t' | '\n' | '\r'))
}

/// The JSON report made safe as the content of a `<script>` element.
///
/// Script content ends at `</script` and `<!--` switches the parser into a
/// state where a later `</script>` no longer ends it, so every `</` becomes
/// `<\/` and every `<!` becomes `<\u0021`: the same JSON value, since `<`
/// only occurs inside strings, where `\/` is `/` and `\u0021` is `!`.
/// serde_json never writes either escape itself, so [`unscript_json`] gives
/// back the exact bytes of `--format json`.
pub fn script_json(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!", "<\\u0021")
}

/// The inverse of [`script_json`]: the `--format json` bytes back from the page.
pub fn unscript_json(embedded: &str) -> String {
    embedded.replace("<\\/", "</").replace("<\\u0021", "<!")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_text_and_attributes() {
        assert_eq!(
            Escaped("<script>alert(1)</script>").to_string(),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            Escaped("Q1 \"final\" & 'v2'").to_string(),
            "Q1 &quot;final&quot; &amp; &#39;v2&#39;"
        );
        assert_eq!(
            Escaped("a\u{0}b\u{1b}c\td").to_string(),
            "a\u{fffd}b\u{fffd}c\td"
        );
        assert_eq!(Escaped("plain, ünïcode").to_string(), "plain, ünïcode");
    }

    #[test]
    fn json_in_a_script_cannot_end_or_escape_it() {
        let message = "</script><script>alert(1)</script><!--<script>";
        let json = serde_json::to_string(&serde_json::json!({ "message": message })).unwrap();
        let embedded = script_json(&json);
        assert!(!embedded.contains("</"), "{embedded}");
        assert!(!embedded.contains("<!"), "{embedded}");
        let value: serde_json::Value = serde_json::from_str(&embedded).unwrap();
        assert_eq!(value["message"], message);
        assert_eq!(unscript_json(&embedded), json);
    }

    #[test]
    fn unescaping_gives_back_text_that_looks_like_an_escape() {
        // A cell that holds a backslash sequence itself is written `\\` by serde.
        for text in ["<\\/b>", "<\\u0021--", "\\u003c/script>", "<\\\\/"] {
            let json = serde_json::to_string(text).unwrap();
            assert_eq!(unscript_json(&script_json(&json)), json, "{text}");
        }
    }
}
