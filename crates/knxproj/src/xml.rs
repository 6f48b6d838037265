//! A thin pull parser over quick-xml: element names without namespace prefixes, attribute
//! values normalised as XML requires (as Python's ElementTree does), a stack of open elements,
//! and errors that name the file. Streaming: memory stays flat whatever the document size.

use std::{borrow::Cow, io::BufRead};

use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Result};

/// Nesting deeper than this is not an ETS file (and would be a stack/memory attack).
const MAX_DEPTH: usize = 256;
/// The longest attribute value read (real ETS files: a few hundred bytes; a comment with a
/// pasted picture in RTF: some hundred KB). Every text the reader keeps comes from attributes.
pub const MAX_ATTRIBUTE: usize = 1 << 20;
/// The longest stretch of a file without a `<`: one tag or text, which the parser would hold
/// whole in memory (real files: under 40 KB, the base64 of a program's code).
pub const MAX_RUN: usize = 16 << 20;

pub struct Xml<R: BufRead> {
    reader: quick_xml::Reader<Runs<R>>,
    buf: Vec<u8>,
    file: String,
    /// Local names of the open elements, back to back; `ends[i]` is where name `i` ends.
    names: Vec<u8>,
    ends: Vec<usize>,
    close_pending: bool,
    /// Where the last start tag sits in `buf`, and its name length.
    last: (usize, usize, usize),
    /// While scanning an element's content (`next_within`): how many elements of the scope's
    /// own name are open inside it, and whether the last tag returned is still on the stack.
    within: Option<(usize, bool)>,
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

    /// The innermost open element's name.
    fn top(&self) -> Option<&'a [u8]> {
        self.ends.len().checked_sub(1).map(|i| self.get(i))
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
            self.bounded(&attr)?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| xml_err(self.file, e))?;
            let key = attr.key.into_inner();
            out.push((local_str(key), value));
        }
        Ok(Attrs(out))
    }

    /// One attribute's value (by local name), normalised, read without the ones after it: for
    /// elements of which only an id or two is wanted (the attributes of a tag are otherwise
    /// most of the work of reading it).
    pub fn attr(&self, key: &str) -> Result<Option<Cow<'_, str>>> {
        for attr in self.start.attributes().with_checks(false) {
            let attr = attr.map_err(|e| xml_err(self.file, e))?;
            let name = attr.key.into_inner();
            if local_str(name) == key {
                self.bounded(&attr)?;
                let value = attr
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| xml_err(self.file, e))?;
                return Ok(Some(value));
            }
        }
        Ok(None)
    }
}

impl Tag<'_> {
    /// Refuses an attribute value longer than [`MAX_ATTRIBUTE`], naming element and attribute.
    fn bounded(&self, attr: &quick_xml::events::attributes::Attribute) -> Result<()> {
        if attr.value.len() <= MAX_ATTRIBUTE {
            return Ok(());
        }
        Err(Error::invalid(
            self.file,
            format!(
                "the {} of <{}> is longer than {} MiB; shorten it in ETS and export again",
                local_str(attr.key.into_inner()),
                String::from_utf8_lossy(self.name()),
                MAX_ATTRIBUTE >> 20
            ),
        ))
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

/// A name without its namespace prefix. A plain loop: names are short, and `rsplit_once`'s
/// searcher cost about 2 % of reading a project (every attribute of every tag read).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn local_str(name: &str) -> &str {
    // Cut after an ASCII ':', so on a character boundary.
    &name[name.len() - local(name.as_bytes()).len()..]
}

fn xml_err(file: &str, e: impl std::fmt::Display) -> Error {
    Error::Xml {
        file: file.to_string(),
        message: e.to_string(),
    }
}

impl<R: BufRead> Xml<R> {
    pub fn new(reader: R, file: &str) -> Self {
        let mut reader = quick_xml::Reader::from_reader(Runs::new(reader));
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
            within: None,
        }
    }

    fn stack(&self) -> Stack<'_> {
        Stack {
            names: &self.names,
            ends: &self.ends,
        }
    }

    fn pop(&mut self) {
        self.ends.pop();
        self.names.truncate(self.ends.last().copied().unwrap_or(0));
    }

    fn read_error(&self, e: quick_xml::Error) -> Error {
        match e {
            // Reading the ZIP entry failed (limit passed, wrong password, damaged data).
            quick_xml::Error::Io(io) => io_error(&self.file, &io),
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
                    // The fields apart: `buf` is still borrowed by the event.
                    let open = Stack {
                        names: &self.names,
                        ends: &self.ends,
                    }
                    .top();
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
            stack: self.stack(),
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
                Err(e) => return Err(io_error(&self.file, &e)),
            }
        }
        self.pop();
        Ok(())
    }
}

impl<R: BufRead> Xml<R> {
    /// Within the element just opened (the scope), the next start tag at any depth whose name
    /// is one of `names`; everything else in the scope is passed over unseen (not tokenised,
    /// not checked), as `skip` does. `None` once the scope's end tag is read (the scope is then
    /// closed). A tag returned is not entered: the scan goes on through its content at the
    /// next call, and the elements between the scope and it are not on the stack.
    pub fn next_within(&mut self, names: &[&[u8]]) -> Result<Option<Tag<'_>>> {
        let depth = match self.within {
            None if self.close_pending => {
                // The scope closes itself (`<Dynamic/>`).
                self.close_pending = false;
                self.pop();
                return Ok(None);
            }
            None => 0,
            Some((depth, found)) => {
                if found {
                    self.pop();
                }
                depth
            }
        };
        let scope = self
            .stack()
            .top()
            .map(<[u8]>::to_vec)
            .ok_or_else(|| xml_err(&self.file, "no element to scan"))?;
        self.buf.clear();
        let mut depth = depth;
        let found = scan_within(
            self.reader.get_mut(),
            &scope,
            names,
            &mut depth,
            &mut self.buf,
        );
        match found {
            Ok(Scan::End) => {
                self.within = None;
                self.pop();
                Ok(None)
            }
            Ok(Scan::Found(name_len)) => {
                if self.ends.len() >= MAX_DEPTH {
                    return Err(xml_err(&self.file, "elements nested too deeply"));
                }
                self.within = Some((depth, true));
                let content = std::str::from_utf8(&self.buf)
                    .map_err(|_| xml_err(&self.file, "unexpected tag encoding"))?;
                self.names
                    .extend_from_slice(local(&content.as_bytes()[..name_len]));
                self.ends.push(self.names.len());
                Ok(Some(Tag {
                    start: BytesStart::from_content(content, name_len),
                    file: &self.file,
                    stack: self.stack(),
                }))
            }
            Ok(Scan::Eof) => {
                let name = String::from_utf8_lossy(&scope).into_owned();
                Err(xml_err(
                    &self.file,
                    format!("<{name}> is never closed (truncated?)"),
                ))
            }
            Err(e) => Err(io_error(&self.file, &e)),
        }
    }
}

enum Scan {
    /// A wanted start tag, read into the buffer without `<` and `>` (and a closing `/`); the
    /// length of its name.
    Found(usize),
    /// The scope's end tag, read.
    End,
    Eof,
}

/// The scanning half of `Xml::next_within`, on the raw input: `depth` counts elements of the
/// scope's name open inside it; the wanted tag found goes into `tag`.
fn scan_within<R: BufRead>(
    r: &mut R,
    scope: &[u8],
    names: &[&[u8]],
    depth: &mut usize,
    tag: &mut Vec<u8>,
) -> std::io::Result<Scan> {
    let mut token: Vec<u8> = Vec::with_capacity(64);
    loop {
        // Jump past the next '<' that may matter: tags of other names wholly inside the buffer
        // are passed over right here; the rest are looked at byte by byte below.
        loop {
            let buf = r.fill_buf()?;
            if buf.is_empty() {
                return Ok(Scan::Eof);
            }
            match memchr::memchr_iter(b'<', buf)
                .find(|&at| may_matter(&buf[at + 1..], scope, names))
            {
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
        read_token(r, &mut token)?;
        if token.starts_with(b"!--") {
            if !skip_past(r, b"-->")? {
                return Ok(Scan::Eof);
            }
        } else if token.starts_with(b"![CDATA[") {
            if !skip_past(r, b"]]>")? {
                return Ok(Scan::Eof);
            }
        } else if token.first() == Some(&b'/') {
            if &token[1..] == scope {
                if *depth == 0 {
                    return Ok(if skip_past(r, b">")? {
                        Scan::End
                    } else {
                        Scan::Eof
                    });
                }
                *depth -= 1;
            }
        } else if token == scope {
            tag.clear();
            match read_rest_of_tag(r, tag)? {
                None => return Ok(Scan::Eof),
                Some(closes_itself) => {
                    if !closes_itself {
                        *depth += 1;
                    }
                }
            }
        } else if names.iter().any(|n| token == *n) {
            tag.clear();
            tag.extend_from_slice(&token);
            if read_rest_of_tag(r, tag)?.is_none() {
                return Ok(Scan::Eof);
            }
            return Ok(Scan::Found(token.len()));
        }
    }
}

/// Whether the text after a '<' may be a tag `scan_within` must look at: a comment or CDATA,
/// the scope's name or one of `names` (opening or closing), or too near the end to tell.
fn may_matter(rest: &[u8], scope: &[u8], names: &[&[u8]]) -> bool {
    let Some(&first) = rest.first() else {
        return true;
    };
    if first == b'!' {
        return true;
    }
    let (rest, closing) = match first {
        b'/' => (&rest[1..], true),
        _ => (rest, false),
    };
    let is = |name: &[u8]| match rest.get(name.len()) {
        // The name whole: followed by a space, `>` or `/`. That byte is looked at first: most
        // tags passed over are longer or shorter than the names, and comparing is dearer.
        Some(&b) => (b.is_ascii_whitespace() || b == b'>' || b == b'/') && rest.starts_with(name),
        None => name.starts_with(rest) || rest.starts_with(name),
    };
    is(scope) || (!closing && names.iter().any(|n| is(n)))
}

/// A tag's name (or `/name`, `!--`, `![CDATA[`, `?...`) after its '<'.
fn read_token<R: BufRead>(r: &mut R, token: &mut Vec<u8>) -> std::io::Result<()> {
    token.clear();
    loop {
        let Some(b) = peek(r)? else { return Ok(()) };
        if b.is_ascii_whitespace()
            || b == b'>'
            || (b == b'/' && !token.is_empty())
            || token.len() > 256
        {
            return Ok(());
        }
        token.push(b);
        r.consume(1);
        if token.starts_with(b"!--") || token.starts_with(b"![CDATA[") {
            return Ok(());
        }
    }
}

/// Reads the rest of a start tag through its '>' (a '>' inside a quoted value does not end
/// it), appending what is before the '>' to `tag` (without a closing '/'); whether the tag
/// closes itself, or `None` at the end of input. A tag longer than 64 KB is cut there.
fn read_rest_of_tag<R: BufRead>(r: &mut R, tag: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    let mut quote: Option<u8> = None;
    loop {
        let Some(b) = peek(r)? else { return Ok(None) };
        r.consume(1);
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => {
                let closes_itself = tag.last() == Some(&b'/');
                if closes_itself {
                    tag.pop();
                }
                return Ok(Some(closes_itself));
            }
            _ => {}
        }
        if tag.len() < 64 * 1024 {
            tag.push(b);
        }
    }
}

/// Reads past the rest of an element named `name` whose start tag was just read, through its
/// matching end tag, looking only at tag boundaries (memchr for `<`). Nested elements of the same
/// name, comments, CDATA and quoted `>` in attributes are honoured. `false` at end of input.
/// Counts the bytes read since the last `<` and fails the read once they pass [`MAX_RUN`], so
/// a huge text (a 190 MB project name in a stored archive entry) is refused after 16 MiB
/// instead of being buffered whole. `<` cannot occur inside an attribute value or a text, so
/// every tag and text ends a run; the check is a backwards search that stops at the last `<`
/// of each chunk, a few bytes in.
pub struct Runs<R> {
    inner: R,
    run: usize,
    /// The first bytes after the last `<` (the name of the tag the run began in).
    head: [u8; 32],
    head_len: usize,
}

impl<R> Runs<R> {
    fn new(inner: R) -> Self {
        Runs {
            inner,
            run: 0,
            head: [0; 32],
            head_len: 0,
        }
    }
}

#[derive(Debug)]
struct TooLongRun(String);

impl std::fmt::Display for TooLongRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a text longer than {} MiB after <{}",
            MAX_RUN >> 20,
            self.0
        )
    }
}

impl std::error::Error for TooLongRun {}

impl TooLongRun {
    fn of(e: &std::io::Error) -> Option<&TooLongRun> {
        e.get_ref().and_then(|i| i.downcast_ref::<TooLongRun>())
    }

    fn error(&self, file: &str) -> Error {
        Error::invalid(
            file,
            format!(
                "<{}> holds a text longer than {} MiB, more than any ETS project has; \
                 the file is damaged or was made to exhaust memory",
                self.0,
                MAX_RUN >> 20
            ),
        )
    }
}

impl<R: BufRead> std::io::Read for Runs<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Runs<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.run > MAX_RUN {
            let head = &self.head[..self.head_len];
            let end = head
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                .unwrap_or(head.len());
            let name = String::from_utf8_lossy(&head[..end]).into_owned();
            return Err(std::io::Error::other(TooLongRun(name)));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if let Ok(chunk) = self.inner.fill_buf() {
            let chunk = &chunk[..n.min(chunk.len())];
            match memchr::memrchr(b'<', chunk) {
                Some(at) => {
                    let tail = &chunk[at + 1..];
                    self.run = tail.len();
                    self.head_len = tail.len().min(self.head.len());
                    self.head[..self.head_len].copy_from_slice(&tail[..self.head_len]);
                }
                None => {
                    self.run += chunk.len();
                    let more = chunk.len().min(self.head.len() - self.head_len);
                    self.head[self.head_len..self.head_len + more].copy_from_slice(&chunk[..more]);
                    self.head_len += more;
                }
            }
        }
        self.inner.consume(n);
    }
}

/// A failed read of the document: a too long text, or what the archive entry reports (a limit
/// passed, a wrong password, damaged data).
fn io_error(file: &str, e: &std::io::Error) -> Error {
    match TooLongRun::of(e) {
        Some(run) => run.error(file),
        None => crate::archive::entry_error(file, e),
    }
}

fn skip_element<R: BufRead>(r: &mut R, name: &[u8]) -> std::io::Result<bool> {
    let mut depth = 0;
    let mut tag = Vec::new();
    Ok(matches!(
        scan_within(r, name, &[], &mut depth, &mut tag)?,
        Scan::End
    ))
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
    fn scanning_within_an_element() {
        let doc = r#"<R><D><a><W X="1"><W X="2"/></W></a><WX X="no"/><!-- <W X="no"/> </D> --><![CDATA[<W X="no"/></D>]]><b p="x>y"><W X='3>'/></b><D><W X="4"/></D><D/><W
 X="5"/></D><After X="6"/></R>"#;
        // Every buffer size, so that tags cut by the end of the buffer are met everywhere.
        for capacity in 1..doc.len() + 1 {
            let reader = std::io::BufReader::with_capacity(capacity, doc.as_bytes());
            let mut x = Xml::new(reader, "t.xml");
            let mut found = Vec::new();
            while let Some(n) = x.next().unwrap() {
                let Node::Open(t) = n else { continue };
                match t.name() {
                    b"D" => {
                        while let Some(t) = x.next_within(&[b"W"]).unwrap() {
                            assert_eq!(t.parent(), Some(&b"D"[..]));
                            found.push(t.attrs().unwrap().string("X"));
                        }
                    }
                    b"After" => {
                        assert_eq!(t.parent(), Some(&b"R"[..]));
                        found.push(t.attrs().unwrap().string("X"));
                    }
                    _ => {}
                }
            }
            assert_eq!(
                found,
                ["1", "2", "3>", "4", "5", "6"],
                "buffer of {capacity} bytes"
            );
        }
        // An element that closes itself has nothing within; one that never closes is an error.
        let mut x = Xml::new(&b"<R><D/><W/></R>"[..], "t.xml");
        x.next().unwrap();
        x.next().unwrap();
        assert!(x.next_within(&[b"W"]).unwrap().is_none());
        assert!(matches!(x.next().unwrap(), Some(Node::Open(t)) if t.name() == b"W"));
        let mut x = Xml::new(&b"<R><D><a><W/>"[..], "t.xml");
        x.next().unwrap();
        x.next().unwrap();
        assert!(x.next_within(&[b"W"]).unwrap().is_some());
        assert!(x.next_within(&[b"W"]).is_err());
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
