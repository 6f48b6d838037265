//! A thin pull parser over quick-xml: element names without namespace prefixes, attribute
//! values normalised as XML requires (as Python's ElementTree does), a stack of open elements,
//! and errors that name the file. Streaming: memory stays flat whatever the document size.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Result};

/// Nesting deeper than this is not an ETS file (and would be a stack/memory attack).
const MAX_DEPTH: usize = 256;

pub struct Xml<R: BufRead> {
    reader: quick_xml::Reader<R>,
    buf: Vec<u8>,
    file: String,
    stack: Vec<Vec<u8>>,
    close_pending: bool,
    tag: String,
}

pub enum Node<'a> {
    Open(Tag<'a>),
    Close,
}

pub struct Tag<'a> {
    start: BytesStart<'a>,
    file: &'a str,
    /// Open elements, outermost first, including this one.
    stack: &'a [Vec<u8>],
}

impl<'a> Tag<'a> {
    /// How deep this element is (the root is 1).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The name of the enclosing element.
    pub fn parent(&self) -> Option<&[u8]> {
        self.ancestor(1)
    }

    /// The name of the element `up` levels above (1 = parent).
    pub fn ancestor(&self, up: usize) -> Option<&[u8]> {
        self.stack
            .len()
            .checked_sub(1 + up)
            .map(|i| self.stack[i].as_slice())
    }

    pub fn name(&self) -> &[u8] {
        local(self.start.name().into_inner().as_bytes())
    }

    /// All attributes (local names) with their values.
    pub fn attrs(&self) -> Result<Attrs> {
        let mut out = Vec::new();
        for attr in self.start.attributes().with_checks(false) {
            let attr = attr.map_err(|e| xml_err(self.file, e))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| xml_err(self.file, e))?;
            out.push((
                String::from_utf8_lossy(local(attr.key.into_inner().as_bytes())).into_owned(),
                value.into_owned(),
            ));
        }
        Ok(Attrs(out))
    }
}

#[derive(Debug, Default)]
pub struct Attrs(Vec<(String, String)>);

impl Attrs {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
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
        cfg.check_end_names = true;
        Xml {
            reader,
            buf: Vec::with_capacity(4096),
            file: file.to_string(),
            stack: Vec::new(),
            close_pending: false,
            tag: String::new(),
        }
    }

    /// The next element start or end; `None` at the end of the document.
    pub fn next(&mut self) -> Result<Option<Node<'_>>> {
        if self.close_pending {
            self.close_pending = false;
            self.stack.pop();
            return Ok(Some(Node::Close));
        }
        // The tag is copied into `self.tag` (reusing its capacity) so that the loop over
        // skipped events does not hold a borrow of the read buffer.
        let (name_len, empty) = loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                // Reading the ZIP entry failed (limit passed, wrong password, damaged data).
                Err(quick_xml::Error::Io(io)) => {
                    return Err(crate::archive::entry_error(&self.file, &io));
                }
                Err(e) => {
                    return Err(Error::Xml {
                        file: self.file.clone(),
                        message: format!("{e} (at byte {})", self.reader.buffer_position()),
                    });
                }
            };
            match event {
                Event::Start(ref start) | Event::Empty(ref start) => {
                    let empty = matches!(event, Event::Empty(_));
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(xml_err(&self.file, "elements nested too deeply"));
                    }
                    self.tag.clear();
                    self.tag.push_str(start);
                    let name_len = start.name().into_inner().len();
                    self.stack
                        .push(local(start.name().into_inner().as_bytes()).to_vec());
                    break (name_len, empty);
                }
                Event::End(_) => {
                    self.stack.pop();
                    return Ok(Some(Node::Close));
                }
                Event::Eof => {
                    if !self.stack.is_empty() {
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
        };
        self.close_pending = empty;
        let start = BytesStart::from_content(self.tag.as_str(), name_len);
        Ok(Some(Node::Open(Tag {
            start,
            file: &self.file,
            stack: &self.stack,
        })))
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
    fn malformed_documents_are_errors() {
        assert!(names("<A><B></A>").is_err());
        assert!(names("<A>").is_err());
        assert!(names("<!DOCTYPE x [<!ENTITY a 'b'>]><A/>").is_err());
        let deep = "<a>".repeat(1000) + &"</a>".repeat(1000);
        assert!(names(&deep).is_err());
    }
}
