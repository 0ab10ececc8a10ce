//! Strings from outside (a backend's `sub`, name, email, error text, a device login's user code,
//! another uid's profile) made harmless where they are shown: [`Escaped`] for terminals and log
//! lines (C0 and C1 controls, DEL and the bidirectional overrides made visible, so no string can
//! move a cursor, write the clipboard through OSC 52, or start a forged log line), [`markup`]
//! for notification bodies, which servers render as a subset of HTML.
//!
//! Never used on a token: tokens are refused at receipt when they hold such characters.

use std::fmt;

/// Shows a string with every control character written as an escape (`\n`, `\u{1b}`, ...);
/// printable text, non-ASCII letters included, is shown unchanged.
#[derive(Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(needs_escape) {
            f.write_str(&rest[..at])?;
            let Some(c) = rest[at..].chars().next() else {
                break;
            };
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                other => write!(f, "\\u{{{:x}}}", u32::from(other))?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

impl fmt::Debug for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// Whether `c` must not reach a terminal or a log line as it is: C0 controls, DEL, C1 controls,
/// and the bidirectional embeddings, overrides and isolates that reorder what is shown.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The string escaped for a terminal or a log line ([`Escaped`]), borrowed when nothing needed it.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(needs_escape) {
        std::borrow::Cow::Owned(Escaped(text).to_string())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A line for a terminal: escaped as [`Escaped`] but for tabs, which text output uses between
/// fields and which move nothing but the cursor to the next column.
pub fn for_terminal(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains(|c| c != '\t' && needs_escape(c)) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 16);
    for (index, part) in line.split('\t').enumerate() {
        if index > 0 {
            out.push('\t');
        }
        out.push_str(&escaped(part));
    }
    std::borrow::Cow::Owned(out)
}

/// One log line with every control character escaped ([`Escaped`]); with `keep_colours`, the
/// log formatter's own colour codes (`ESC [ digits ; ... m`) stay as they are.
pub fn log_line(line: &str, keep_colours: bool) -> std::borrow::Cow<'_, str> {
    if !keep_colours {
        return escaped(line);
    }
    if !line.contains(needs_escape) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut rest = line;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&escaped(&rest[..at]));
        let after = &rest[at + 1..];
        let colour = after.strip_prefix('[').and_then(|codes| {
            let end = codes.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            codes[end..].starts_with('m').then_some(end + 2)
        });
        match colour {
            Some(len) => {
                out.push('\u{1b}');
                out.push_str(&after[..len]);
                rest = &after[len..];
            }
            None => {
                out.push_str("\\u{1b}");
                rest = after;
            }
        }
    }
    out.push_str(&escaped(rest));
    std::borrow::Cow::Owned(out)
}

/// The string for a notification body (the Desktop Notifications specification's markup, a
/// subset of HTML): `&`, `<` and `>` as entities, so a `sub` cannot carry a link or an image;
/// controls escaped as for a terminal.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escaped(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_are_made_visible_and_text_is_kept() {
        assert_eq!(
            Escaped("ok\nlogged in uid=0 user=root").to_string(),
            "ok\\nlogged in uid=0 user=root"
        );
        assert_eq!(
            Escaped("\u{1b}]52;c;aGk=\u{7}x\u{7f}\u{9b}2K").to_string(),
            "\\u{1b}]52;c;aGk=\\u{7}x\\u{7f}\\u{9b}2K"
        );
        assert_eq!(Escaped("abc\u{202e}fed").to_string(), "abc\\u{202e}fed");
        assert_eq!(Escaped("Zoë 名前 ✓").to_string(), "Zoë 名前 ✓");
        assert!(matches!(escaped("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn log_lines_keep_only_the_formatters_colours() {
        let line = "\u{1b}[2mtime\u{1b}[0m user=a\nlogged in uid=0 \u{1b}[2K\u{1b}]52;c;x\u{7}";
        assert_eq!(
            log_line(line, true),
            "\u{1b}[2mtime\u{1b}[0m user=a\\nlogged in uid=0 \\u{1b}[2K\\u{1b}]52;c;x\\u{7}"
        );
        assert!(!log_line(line, false).contains('\u{1b}'));
    }

    #[test]
    fn markup_is_escaped_for_notification_bodies() {
        assert_eq!(
            markup("<a href=\"x\">me</a> & <img src=y>"),
            "&lt;a href=\"x\"&gt;me&lt;/a&gt; &amp; &lt;img src=y&gt;"
        );
    }
}
