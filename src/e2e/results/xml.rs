//! A small, forgiving XML pull reader for JUnit reports.
//!
//! JUnit files from ginkgo use a tiny part of XML (elements, attributes, character
//! references, CDATA, comments). A purpose-built reader keeps every byte of the
//! input under our control, so hostile input can only produce an error, never a panic,
//! and lets the JUnit layer apply sonobuoy's child-precedence rules itself.
//!
//! Why not a library:
//! - `junit-parser` reduces a test case to one status, so a case with both `<skipped>` and
//!   `<failure>` loses the information sonobuoy decides on ("skipped wins", see junit.rs).
//! - `quick-xml` could replace the tokenizer, but its unescaping rejects a bare `&` or an unknown
//!   entity with an error, where this reader keeps such text as it is (a failure message is
//!   still worth showing). We would keep our own [`attr`]/[`unescape`] on top of its events and
//!   translate its errors into line numbers, so the hand-written part would barely shrink.

use std::borrow::Cow;

/// One piece of markup or text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Event<'a> {
    /// `<name attrs>` or `<name attrs/>` (`empty` is true for the latter).
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    /// `</name>`.
    End { name: &'a str },
    /// Character data; `cdata` marks a CDATA section, whose text is taken verbatim.
    Text { raw: &'a str, cdata: bool },
}

impl Event<'_> {
    /// Decoded character data of a text event.
    pub(super) fn text(&self) -> Cow<'_, str> {
        match self {
            Event::Text { raw, cdata: true } => Cow::Borrowed(raw),
            Event::Text { raw, cdata: false } => unescape(raw),
            _ => Cow::Borrowed(""),
        }
    }
}

/// A syntax error, with the byte offset where the offending construct starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct XmlError {
    pub offset: usize,
    pub message: String,
}

impl XmlError {
    /// 1-based line of the error in `src`.
    pub(super) fn line(&self, src: &str) -> usize {
        let end = self.offset.min(src.len());
        src.as_bytes()
            .get(..end)
            .map_or(0, |head| head.iter().filter(|b| **b == b'\n').count())
            + 1
    }
}

/// Pull reader over a complete document held in memory.
pub(super) struct Reader<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Self { src, pos }
    }

    /// 1-based line of the reader's current position.
    pub(super) fn line(&self) -> usize {
        XmlError {
            offset: self.pos,
            message: String::new(),
        }
        .line(self.src)
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> XmlError {
        XmlError {
            offset,
            message: message.into(),
        }
    }

    /// Skips past `terminator`, which must occur in the rest of the input.
    fn skip_past(&mut self, start: usize, terminator: &str, what: &str) -> Result<(), XmlError> {
        match self.rest().find(terminator) {
            Some(i) => {
                self.pos += i + terminator.len();
                Ok(())
            }
            None => Err(self.error(start, format!("unterminated {what}"))),
        }
    }

    /// Next event, `Ok(None)` at the end of input.
    pub(super) fn next_event(&mut self) -> Result<Option<Event<'a>>, XmlError> {
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return Ok(None);
            }
            let start = self.pos;
            if !rest.starts_with('<') {
                let len = rest.find('<').unwrap_or(rest.len());
                self.pos += len;
                let raw = rest.get(..len).unwrap_or("");
                return Ok(Some(Event::Text { raw, cdata: false }));
            }
            if rest.starts_with("<!--") {
                self.skip_past(start, "-->", "comment")?;
            } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
                let Some(end) = body.find("]]>") else {
                    return Err(self.error(start, "unterminated CDATA section"));
                };
                self.pos += "<![CDATA[".len() + end + "]]>".len();
                let raw = body.get(..end).unwrap_or("");
                return Ok(Some(Event::Text { raw, cdata: true }));
            } else if rest.starts_with("<?") {
                self.skip_past(start, "?>", "processing instruction")?;
            } else if rest.starts_with("<!") {
                self.skip_declaration(start)?;
            } else if let Some(body) = rest.strip_prefix("</") {
                let Some(end) = body.find('>') else {
                    return Err(self.error(start, "unterminated end tag"));
                };
                self.pos += 2 + end + 1;
                let name = body.get(..end).unwrap_or("").trim();
                if name.is_empty() {
                    return Err(self.error(start, "end tag without a name"));
                }
                return Ok(Some(Event::End { name }));
            } else {
                return self.start_tag(start).map(Some);
            }
        }
    }

    /// Skips `<!DOCTYPE ...>` and similar declarations, including an internal subset.
    fn skip_declaration(&mut self, start: usize) -> Result<(), XmlError> {
        let mut depth = 0usize;
        for (i, b) in self.rest().bytes().enumerate() {
            match b {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => {
                    self.pos += i + 1;
                    return Ok(());
                }
                _ => {}
            }
        }
        Err(self.error(start, "unterminated declaration"))
    }

    fn start_tag(&mut self, start: usize) -> Result<Event<'a>, XmlError> {
        let rest = self.rest();
        // Attribute values may contain `>`, so the end of the tag is found outside quotes.
        let mut quote: Option<u8> = None;
        let mut end = None;
        for (i, b) in rest.bytes().enumerate().skip(1) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => {
                    end = Some(i);
                    break;
                }
                None if b == b'<' => {
                    return Err(self.error(start, "`<` inside a tag"));
                }
                None => {}
            }
        }
        let Some(end) = end else {
            return Err(self.error(start, "unterminated start tag"));
        };
        let inner = rest.get(1..end).unwrap_or("");
        let (inner, empty) = match inner.strip_suffix('/') {
            Some(stripped) => (stripped, true),
            None => (inner, false),
        };
        let name_len = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = inner.get(..name_len).unwrap_or("");
        if name.is_empty() {
            return Err(self.error(start, "start tag without a name"));
        }
        let attrs = inner.get(name_len..).unwrap_or("");
        self.pos += end + 1;
        Ok(Event::Start { name, attrs, empty })
    }
}

/// Value of attribute `key` in a raw attribute list, with references decoded.
/// Malformed attribute lists yield `None` for whatever cannot be read.
pub(super) fn attr<'a>(attrs: &'a str, key: &str) -> Option<Cow<'a, str>> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        let eq = rest.find('=')?;
        let name = rest.get(..eq)?.trim();
        let after = rest.get(eq + 1..)?.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let body = after.get(1..)?;
        let close = body.find(quote)?;
        let value = body.get(..close)?;
        if name == key {
            return Some(unescape(value));
        }
        rest = body.get(close + 1..)?;
    }
}

/// Decodes the predefined entities and character references; anything else is kept as is.
pub(super) fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let tail = rest.get(amp..).unwrap_or("");
        let decoded = tail
            .get(1..)
            .and_then(|t| t.find(';').filter(|n| *n <= 10).map(|n| (t, n)))
            .and_then(|(t, n)| Some((decode_reference(t.get(..n)?)?, n + 2)));
        match decoded {
            Some((c, consumed)) => {
                out.push(c);
                rest = tail.get(consumed..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn decode_reference(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(src: &str) -> Vec<Event<'_>> {
        let mut reader = Reader::new(src);
        let mut out = Vec::new();
        while let Ok(Some(e)) = reader.next_event() {
            out.push(e);
        }
        out
    }

    #[test]
    fn reads_tags_text_and_cdata() {
        let src = "<?xml version=\"1.0\"?><!-- c --><a x='1>2'><b/>t&amp;u<![CDATA[<raw>]]></a>";
        let ev = events(src);
        assert_eq!(
            ev.first(),
            Some(&Event::Start {
                name: "a",
                attrs: " x='1>2'",
                empty: false
            })
        );
        assert_eq!(
            ev.get(1),
            Some(&Event::Start {
                name: "b",
                attrs: "",
                empty: true
            })
        );
        assert_eq!(ev.get(2).map(|e| e.text().into_owned()), Some("t&u".into()));
        assert_eq!(
            ev.get(3).map(|e| e.text().into_owned()),
            Some("<raw>".into())
        );
        assert_eq!(ev.get(4), Some(&Event::End { name: "a" }));
    }

    #[test]
    fn attributes_are_decoded() {
        let attrs = r#" name="[It] a &amp; b&#xA;c" time='1.5' odd="&bogus;""#;
        assert_eq!(attr(attrs, "name").as_deref(), Some("[It] a & b\nc"));
        assert_eq!(attr(attrs, "time").as_deref(), Some("1.5"));
        assert_eq!(attr(attrs, "odd").as_deref(), Some("&bogus;"));
        assert_eq!(attr(attrs, "missing"), None);
    }

    #[test]
    fn errors_carry_the_line() {
        let src = "<a>\n<b\n";
        let mut reader = Reader::new(src);
        let mut err = None;
        loop {
            match reader.next_event() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        let err = err.map(|e| (e.line(src), e.message));
        assert_eq!(err, Some((2, "unterminated start tag".to_string())));
    }
}
