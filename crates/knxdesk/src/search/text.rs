//! What the search index holds and what a query looks for, computed here for both databases.
//!
//! Each searchable row keeps a `search_text` column of plain words: lower case, accents taken off
//! ("Müller" → "muller", "ß" → "ss"), everything that is not a letter or digit a space
//! ("anna@example.com" → "anna example com", "1/2/3" → "1 2 3"). SQLite's FTS5 and PostgreSQL's
//! `tsvector` (configuration `simple`) then split that text into the same words, so a search
//! finds the same rows on both. A query matches rows that have a word starting with each of the
//! query's words ("hub anna" finds "Anna Huber").

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// The words of `parts`, as the index stores them.
pub fn words(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        push_words(&mut out, part);
    }
    out
}

fn push_words(out: &mut String, text: &str) {
    let mut in_word = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            in_word = true;
            if c == 'ß' {
                out.push_str("ss");
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            in_word = false;
        }
    }
}

/// At most this many words of a query are looked for (the rest narrow little and cost a lookup
/// each).
const MAX_TERMS: usize = 8;

/// A parsed search: the words a match must start with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms(Vec<String>);

impl Terms {
    /// `None` when the query has no letter or digit.
    pub fn parse(q: &str) -> Option<Terms> {
        let mut terms: Vec<String> = Vec::new();
        for w in words(&[q]).split(' ').filter(|w| !w.is_empty()) {
            if !terms.iter().any(|t| t == w) {
                terms.push(w.to_string());
            }
        }
        terms.truncate(MAX_TERMS);
        (!terms.is_empty()).then_some(Terms(terms))
    }

    /// FTS5 query: every term as a quoted prefix (`"hub"* "anna"*`, implicitly AND). Terms hold
    /// only letters and digits, so quoting cannot be escaped from.
    pub fn fts5(&self) -> String {
        self.0
            .iter()
            .map(|t| format!("\"{t}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Does `words` (as [`words`] makes them) have a word starting with each term? The same
    /// rule as the indexes', for the few lists searched in memory.
    pub fn found_in(&self, words: &str) -> bool {
        self.0
            .iter()
            .all(|t| words.split(' ').any(|w| w.starts_with(t.as_str())))
    }

    /// PostgreSQL `to_tsquery('simple', …)` text: `hub:* & anna:*`.
    pub fn tsquery(&self) -> String {
        self.0
            .iter()
            .map(|t| format!("{t}:*"))
            .collect::<Vec<_>>()
            .join(" & ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_without_accents_or_punctuation() {
        assert_eq!(
            words(&["Anna Müller-Groß", "anna@example.com", "+49 89 1234"]),
            "anna muller gross anna example com 49 89 1234"
        );
        assert_eq!(words(&["1/2/3", "1.1.5", "DALI-Gateway"]), "1 2 3 1 1 5 dali gateway");
        assert_eq!(words(&["", "  ", "--"]), "");
        assert_eq!(words(&["Élysée", "Ørsted"]), "elysee ørsted");
    }

    #[test]
    fn terms_are_prefixes_that_cannot_break_out_of_the_query() {
        let t = Terms::parse(r#"Hüber "OR* anna) -x"#).unwrap();
        assert_eq!(t.fts5(), r#""huber"* "or"* "anna"* "x"*"#);
        assert_eq!(t.tsquery(), "huber:* & or:* & anna:* & x:*");
        assert_eq!(Terms::parse(" ;-) "), None);
        assert!(t.found_in("anna huber x1 or"));
        assert!(!t.found_in("anna huber or"));
        assert_eq!(Terms::parse("a a a").unwrap().fts5(), "\"a\"*");
        assert_eq!(Terms::parse("1 2 3 4 5 6 7 8 9 10").unwrap().0.len(), MAX_TERMS);
    }
}
