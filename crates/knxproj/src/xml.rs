//! A thin pull parser over quick-xml: element names without namespace prefixes, attribute
//! values normalised as XML requires (as Python's ElementTree does), a stack of open elements,
//! and errors that name the file. Streaming: memory stays flat whatever the document size.

use std::{borrow::Cow, io::BufRead};

use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Result};

/// Nesting deeper than this is not an ETS file (and would be a stack/memory attack).
const MAX_DEPTH: usize = 256;

pub struct Xml<R: BufRead> {
    reader: quick_xml::Reader<R>,
    buf: Vec<u8>,
    file: String,
    /// Local names of the open elements, back to back; `ends[i]` is where name `i` ends.
    names: Vec<u8>,
    ends: Vec<usize>,
    close_pending: bool,
    /// Where the last start tag sits in `buf`, and its name length.
    last: (usize, usize, usize),
}

pub enum Node<'a> {
    Open(Tag<'a>),
    Close,
}

/// The open elements (names), for context questions about a tag.
#[derive(Clone, Copy)]
struct Stack<'a> {
    names: &'a [u8],
    ends: &'a [usize],
}

impl<'a> Stack<'a> {
    fn get(&self, i: usize) -> &'a [u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.names[start..self.ends[i]]
    }
}

pub struct Tag<'a> {
    start: BytesStart<'a>,
    file: &'a str,
    stack: Stack<'a>,
}

impl<'a> Tag<'a> {
    /// How deep this element is (the root is 1).
    pub fn depth(&self) -> usize {
        self.stack.ends.len()
    }

    /// The name of the enclosing element.
    pub fn parent(&self) -> Option<&'a [u8]> {
        self.ancestor(1)
    }

    /// The name of the element `up` levels above (1 = parent).
    pub fn ancestor(&self, up: usize) -> Option<&'a [u8]> {
        self.stack
            .ends
            .len()
            .checked_sub(1 + up)
            .map(|i| self.stack.get(i))
    }

    pub fn name(&self) -> &[u8] {
        local(self.start.name().into_inner().as_bytes())
    }

    /// All attributes (local names) with their values, borrowed from the tag where no entity or
    /// whitespace needed replacing.
    pub fn attrs(&self) -> Result<Attrs<'_>> {
        let mut out = Vec::with_capacity(8);
        for attr in self.start.attributes().with_checks(false) {
            let attr = attr.map_err(|e| xml_err(self.file, e))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| xml_err(self.file, e))?;
            let key = attr.key.into_inner();
            out.push((key.rsplit_once(':').map_or(key, |(_, local)| local), value));
        }
        Ok(Attrs(out))
    }
}

#[derive(Debug, Default)]
pub struct Attrs<'a>(Vec<(&'a str, Cow<'a, str>)>);

impl Attrs<'_> {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_ref())
    }

    pub fn string(&self, key: &str) -> String {
        self.get(key).unwrap_or_default().to_string()
    }

    pub fn opt(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_string)
    }

    /// A required attribute, or an error naming it.
    pub fn required(&self, key: &str, element: &str, file: &str) -> Result<&str> {
        self.get(key).ok_or_else(|| {
            Error::invalid(
                file,
                format!("<{element}> without the required attribute {key}"),
            )
        })
    }

    /// An optional integer attribute (`Puid`); `None` when absent or empty, error when not a number.
    pub fn opt_int(&self, key: &str, file: &str) -> Result<Option<i64>> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Error::invalid(file, format!("{key}={v:?} is not a number"))),
        }
    }
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn xml_err(file: &str, e: impl std::fmt::Display) -> Error {
    Error::Xml {
        file: file.to_string(),
        message: e.to_string(),
    }
}

impl<R: BufRead> Xml<R> {
    pub fn new(reader: R, file: &str) -> Self {
        let mut reader = quick_xml::Reader::from_reader(reader);
        let cfg = reader.config_mut();
        cfg.trim_text(true);
        // End names are checked by `next` itself: `skip` reads past end tags quick-xml never sees.
        cfg.check_end_names = false;
        Xml {
            reader,
            buf: Vec::with_capacity(4096),
            file: file.to_string(),
            names: Vec::with_capacity(1024),
            ends: Vec::with_capacity(64),
            close_pending: false,
            last: (0, 0, 0),
        }
    }

    fn pop(&mut self) {
        self.ends.pop();
        self.names.truncate(self.ends.last().copied().unwrap_or(0));
    }

    fn read_error(&self, e: quick_xml::Error) -> Error {
        match e {
            // Reading the ZIP entry failed (limit passed, wrong password, damaged data).
            quick_xml::Error::Io(io) => crate::archive::entry_error(&self.file, &io),
            e => Error::Xml {
                file: self.file.clone(),
                message: format!("{e} (at byte {})", self.reader.buffer_position()),
            },
        }
    }

    /// The next element start or end; `None` at the end of the document.
    pub fn next(&mut self) -> Result<Option<Node<'_>>> {
        if self.close_pending {
            self.close_pending = false;
            self.pop();
            return Ok(Some(Node::Close));
        }
        // Skipped events (text, comments) loop here; a start tag leaves the loop with its
        // position in `buf`, and is re-borrowed below (returning the borrow from inside the loop
        // is what the borrow checker cannot follow).
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(e) => return Err(self.read_error(e)),
            };
            match event {
                Event::Start(ref start) | Event::Empty(ref start) => {
                    if self.ends.len() >= MAX_DEPTH {
                        return Err(xml_err(&self.file, "elements nested too deeply"));
                    }
                    let content: &str = start;
                    let name = start.name().into_inner();
                    // The address only; turned into an offset once `buf` is free again.
                    self.last = (content.as_ptr() as usize, content.len(), name.len());
                    self.close_pending = matches!(event, Event::Empty(_));
                    self.names.extend_from_slice(local(name.as_bytes()));
                    self.ends.push(self.names.len());
                    break;
                }
                Event::End(ref end) => {
                    let open = self.ends.len().checked_sub(1).map(|i| {
                        let start = if i == 0 { 0 } else { self.ends[i - 1] };
                        &self.names[start..self.ends[i]]
                    });
                    if open != Some(local(end.name().into_inner().as_bytes())) {
                        let found = String::from_utf8_lossy(end.name().into_inner().as_bytes())
                            .into_owned();
                        return Err(xml_err(
                            &self.file,
                            format!("end tag </{found}> does not match the open element"),
                        ));
                    }
                    self.pop();
                    return Ok(Some(Node::Close));
                }
                Event::Eof => {
                    if !self.ends.is_empty() {
                        return Err(xml_err(
                            &self.file,
                            "the document ends before its elements are closed (truncated?)",
                        ));
                    }
                    return Ok(None);
                }
                Event::DocType(_) => {
                    return Err(xml_err(&self.file, "DOCTYPE declarations are not allowed"));
                }
                _ => {}
            }
        }
        let (address, len, name_len) = self.last;
        let offset = address.wrapping_sub(self.buf.as_ptr() as usize);
        self.last.0 = offset;
        let content = self
            .buf
            .get(offset..offset + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| xml_err(&self.file, "unexpected tag encoding"))?;
        let start = BytesStart::from_content(content, name_len);
        Ok(Some(Node::Open(Tag {
            start,
            file: &self.file,
            stack: Stack {
                names: &self.names,
                ends: &self.ends,
            },
        })))
    }

    /// Skips the rest of the element just opened (its children and its end tag) without
    /// looking at them: for big parts of a file we do not need.
    pub fn skip(&mut self) -> Result<()> {
        if self.close_pending {
            self.close_pending = false;
        } else {
            let (offset, _, name_len) = self.last;
            let name = match self
                .buf
                .get(offset..offset + name_len)
                .and_then(|b| std::str::from_utf8(b).ok())
            {
                Some(n) => n.to_string(),
                None => return Err(xml_err(&self.file, "unexpected tag encoding")),
            };
            match skip_element(self.reader.get_mut(), name.as_bytes()) {
                Ok(true) => {}
                Ok(false) => {
                    return Err(xml_err(
                        &self.file,
                        format!("<{name}> is never closed (truncated?)"),
                    ));
                }
                Err(e) => return Err(crate::archive::entry_error(&self.file, &e)),
            }
        }
        self.pop();
        Ok(())
    }
}

/// Reads past the rest of an element named `name` whose start tag was just read, through its
/// matching end tag, looking only at tag boundaries (memchr for `<`). Nested elements of the same
/// name, comments, CDATA and quoted `>` in attributes are honoured. `false` at end of input.
fn skip_element<R: BufRead>(r: &mut R, name: &[u8]) -> std::io::Result<bool> {
    let mut depth = 1usize;
    let mut token: Vec<u8> = Vec::with_capacity(64);
    loop {
        // Jump past the next '<' that may matter: tags of other names wholly inside the buffer
        // are passed over right here; the rest (same name, comments, CDATA, a tag cut by the
        // buffer's end) are looked at byte by byte below.
        loop {
            let buf = r.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            match next_relevant_tag(buf, name) {
                Some(i) => {
                    r.consume(i + 1);
                    break;
                }
                None => {
                    let n = buf.len();
                    r.consume(n);
                }
            }
        }
        // The tag's name (or '/name', '!--', '![CDATA[', '?...').
        token.clear();
        loop {
            let Some(b) = peek(r)? else { return Ok(false) };
            if b.is_ascii_whitespace()
                || b == b'>'
                || (b == b'/' && !token.is_empty())
                || token.len() > 256
            {
                break;
            }
            token.push(b);
            r.consume(1);
            if token.starts_with(b"!--") || token.starts_with(b"![CDATA[") {
                break;
            }
        }
        if token.starts_with(b"!--") {
            if !skip_past(r, b"-->")? {
                return Ok(false);
            }
        } else if token.starts_with(b"![CDATA[") {
            if !skip_past(r, b"]]>")? {
                return Ok(false);
            }
        } else if token.first() == Some(&b'/') {
            if &token[1..] == name {
                depth -= 1;
                if depth == 0 {
                    return skip_past(r, b">");
                }
            }
        } else if token == name {
            // Same name nested: it counts unless it closes itself (`<X ... />`).
            let mut quote: Option<u8> = None;
            let mut last = 0u8;
            loop {
                let Some(b) = peek(r)? else { return Ok(false) };
                r.consume(1);
                match (quote, b) {
                    (Some(q), _) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'>') => break,
                    _ => {}
                }
                if !b.is_ascii_whitespace() {
                    last = b;
                }
            }
            if last != b'/' {
                depth += 1;
            }
        }
    }
}

/// Where in `buf` the first '<' is that `skip_element` must look at closely: one that may open
/// or close an element named `name`, starts a comment or CDATA, or is too near the end to tell.
fn next_relevant_tag(buf: &[u8], name: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'<', buf).find(|&at| {
        let rest = &buf[at + 1..];
        if rest.len() < name.len() + 2 {
            return true;
        }
        match rest[0] {
            b'!' => true,
            b'/' => rest[1..].starts_with(name),
            _ => rest.starts_with(name),
        }
    })
}

fn peek<R: BufRead>(r: &mut R) -> std::io::Result<Option<u8>> {
    Ok(r.fill_buf()?.first().copied())
}

/// Consumes input up to and including `pattern`; `false` at end of input.
fn skip_past<R: BufRead>(r: &mut R, pattern: &[u8]) -> std::io::Result<bool> {
    let mut matched = 0;
    loop {
        let Some(b) = peek(r)? else { return Ok(false) };
        r.consume(1);
        if b == pattern[matched] {
            matched += 1;
            if matched == pattern.len() {
                return Ok(true);
            }
        } else {
            matched = usize::from(b == pattern[0]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(doc: &str) -> Result<Vec<String>> {
        let mut x = Xml::new(doc.as_bytes(), "t.xml");
        let mut out = Vec::new();
        while let Some(n) = x.next()? {
            if let Node::Open(t) = n {
                out.push(String::from_utf8_lossy(t.name()).into_owned());
            }
        }
        Ok(out)
    }

    #[test]
    fn namespaces_are_stripped_and_empties_close() {
        assert_eq!(
            names(r#"<k:KNX xmlns:k="x"><k:A/><B></B></k:KNX>"#).unwrap(),
            ["KNX", "A", "B"]
        );
    }

    #[test]
    fn attributes_are_normalised() {
        let mut x = Xml::new(
            r#"<A Name="a&amp;b" Text="l1&#xD;&#xA;l2" Raw="x
y"/>"#
                .as_bytes(),
            "t.xml",
        );
        let Some(Node::Open(t)) = x.next().unwrap() else {
            panic!()
        };
        let a = t.attrs().unwrap();
        assert_eq!(a.get("Name"), Some("a&b"));
        assert_eq!(a.get("Text"), Some("l1\r\nl2"));
        assert_eq!(a.get("Raw"), Some("x y"));
    }

    #[test]
    fn skipping_subtrees() {
        let doc = r#"<R><Big><A><B/></A><Big a="x>y"><BigX></BigX><Big/><!-- </Big> --><![CDATA[</Big>]]></Big><A/><Other p="q">t</Other></Big><Want X="1"/><E/><Big2 x="y"/><Want X="2"/></R>"#;
        // Every buffer size, so that tags cut by the end of the buffer are met everywhere.
        for capacity in 1..doc.len() + 1 {
            let reader = std::io::BufReader::with_capacity(capacity, doc.as_bytes());
            let mut x = Xml::new(reader, "t.xml");
            let mut wanted = Vec::new();
            while let Some(n) = x.next().unwrap() {
                let Node::Open(t) = n else { continue };
                let skip = t.name().starts_with(b"Big");
                if t.name() == b"Want" {
                    wanted.push(t.attrs().unwrap().string("X"));
                    assert_eq!(t.parent(), Some(&b"R"[..]));
                }
                if skip {
                    x.skip().unwrap();
                }
            }
            assert_eq!(wanted, ["1", "2"], "buffer of {capacity} bytes");
        }
        // A skipped element that never closes is an error, not a hang.
        let mut x = Xml::new(&b"<R><Big><A>"[..], "t.xml");
        while let Some(n) = x.next().unwrap() {
            if let Node::Open(t) = n
                && t.name() == b"Big"
            {
                assert!(x.skip().is_err());
                break;
            }
        }
    }

    #[test]
    fn malformed_documents_are_errors() {
        assert!(names("<A><B></A>").is_err());
        assert!(names("<A>").is_err());
        assert!(names("<!DOCTYPE x [<!ENTITY a 'b'>]><A/>").is_err());
        let deep = "<a>".repeat(1000) + &"</a>".repeat(1000);
        assert!(names(&deep).is_err());
    }
}
