//! What the XML writers (GraphML, GEXF) share: text XML 1.0 can carry, and
//! escaping that keeps every character a value holds.

use std::borrow::Cow;
use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

/// Whether XML 1.0 allows the character at all (even as a reference).
pub fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes a value for XML: markup characters as entities, and in
/// attributes the whitespace a parser would otherwise normalise to spaces.
/// Characters XML 1.0 cannot carry (most C0 controls) become U+FFFD and are
/// counted in `replaced`.
pub fn escape(s: &str, attribute: bool, replaced: &mut usize) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if !allowed(c) => {
                *replaced += 1;
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out
}

/// A thin layer over quick-xml's writer that escapes every value itself.
pub struct XmlWriter<'w> {
    inner: Writer<&'w mut dyn Write>,
    /// Characters replaced so far.
    pub replaced: usize,
}

impl<'w> XmlWriter<'w> {
    pub fn new(out: &'w mut dyn Write) -> std::io::Result<Self> {
        let mut inner = Writer::new_with_indent(out, b' ', 2);
        inner.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(XmlWriter { inner, replaced: 0 })
    }

    fn start_of<'a>(&mut self, name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (key, value) in attributes {
            start.push_attribute(Attribute {
                key: QName(key.as_bytes()),
                value: Cow::Owned(escape(value, true, &mut self.replaced).into_bytes()),
            });
        }
        start
    }

    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
        let start = self.start_of(name, attributes);
        self.inner.write_event(Event::Start(start))
    }

    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
        let start = self.start_of(name, attributes);
        self.inner.write_event(Event::Empty(start))
    }

    pub fn close(&mut self, name: &str) -> std::io::Result<()> {
        self.inner.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attributes>text</name>`.
    pub fn element(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> std::io::Result<()> {
        self.open(name, attributes)?;
        let escaped = escape(text, false, &mut self.replaced);
        self.inner
            .write_event(Event::Text(BytesText::from_escaped(escaped)))?;
        self.close(name)
    }

    pub fn finish(mut self) -> std::io::Result<usize> {
        self.inner.get_mut().write_all(b"\n")?;
        self.inner.get_mut().flush()?;
        Ok(self.replaced)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_markup_quotes_and_line_breaks() {
        let mut n = 0;
        assert_eq!(
            escape("a<b & \"c\"\nd", true, &mut n),
            "a&lt;b &amp; &quot;c&quot;&#10;d"
        );
        assert_eq!(escape("a\nb\rc", false, &mut n), "a\nb&#13;c");
        assert_eq!(n, 0);
        assert_eq!(
            escape("x\u{1}y\u{FFFF}", false, &mut n),
            "x\u{FFFD}y\u{FFFD}"
        );
        assert_eq!(n, 2);
        assert_eq!(
            escape("भारत روسيا Россия", true, &mut n),
            "भारत روسيا Россия"
        );
    }
}
