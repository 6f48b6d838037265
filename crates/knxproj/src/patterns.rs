//! The few regular expressions xknxproject applies to ETS ids and texts, written out by hand.
//! Compiling them cost a fresh process about a tenth of reading a small project; the tests
//! check these functions against the expressions themselves on many generated inputs.
//! ETS ids and texts come from XML attributes, whose line breaks are normalised to spaces, so
//! `.` (any character but a line break) is taken as any character.

/// `\w`: a word character (letters, digits, marks, `_`).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where the matches of `PREFIX\w+_` starting at `at` end, longest first (the order a greedy
/// `\w+` tries them in: it gives back characters until a `_` can follow).
fn word_group_ends<'a>(text: &'a str, at: usize, prefix: &str) -> impl Iterator<Item = usize> + 'a {
    let start = at + prefix.len();
    let run = match text.get(at..).filter(|rest| rest.starts_with(prefix)) {
        Some(_) => {
            let rest = &text[start..];
            &rest[..rest.find(|c: char| !is_word(c)).unwrap_or(rest.len())]
        }
        None => "",
    };
    run.char_indices()
        .rev()
        .filter(|&(i, c)| c == '_' && i > 0)
        .map(move |(i, _)| start + i + 1)
}

/// `re.sub(r"(MD-\w+_)?.*?(SM-\w+_)?({id}-.*)", r"\1\2\3", text)`: removes module and module
/// instance from an id, keeping the module definition:
/// `MD-1_M-1_MI-1_CH-4` → `MD-1_CH-4` (for `CH`), `O-3_R-2` stays.
pub fn strip_module_instance(text: &str, id: &str) -> String {
    let needle = format!("{id}-");
    // The tail `(SM-\w+_)?(ID-.*)` is kept whole wherever it starts, so the result is the
    // module definition (if any) and the text from the first place the tail matches.
    let tail_at = |k: usize| {
        text[k..].starts_with(&needle)
            || word_group_ends(text, k, "SM-").any(|e| text[e..].starts_with(&needle))
    };
    // The optional group is tried present (longest first) before absent; `.*?` tries the
    // nearest start of the tail first.
    for start in word_group_ends(text, 0, "MD-").chain(std::iter::once(0)) {
        let first_tail = (start..=text.len())
            .filter(|&k| text.is_char_boundary(k))
            .find(|&k| tail_at(k));
        if let Some(k) = first_tail {
            return format!("{}{}", &text[..start], &text[k..]);
        }
    }
    text.to_string()
}

/// `re.search(rf"(MD-.*)_{next_id}-", reference).group(1)`: the module and module instance part
/// of an instance reference (`MD-1_M-1_MI-1` before `_O-`).
pub fn module_instance_part<'a>(reference: &'a str, next_id: &str) -> Option<&'a str> {
    let start = reference.find("MD-")?;
    // Greedy `.*`: up to the last `_{next_id}-` after the `MD-`.
    let end = reference.rfind(&format!("_{next_id}-"))?;
    (end >= start + 3).then(|| &reference[start..end])
}

/// `re.search(r"_(U?P-.*)", id).group(1)`: the parameter part of a `TextParameterRefId`.
pub fn parameter_part(id: &str) -> Option<&str> {
    id.match_indices('_')
        .map(|(i, _)| &id[i + 1..])
        .find(|rest| rest.starts_with("P-") || rest.starts_with("UP-"))
}

/// `re.sub(r"\{\{0(?::?)(.*?)\}\}", value or r"\1", text)`: fills `{{0}}` / `{{0:default}}`
/// with the parameter's value (or the default when the value is missing or empty).
pub fn fill_text_parameter(text: &str, value: Option<&str>) -> String {
    let value = value.filter(|v| !v.is_empty());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{0") {
        let inner = &rest[open + 3..];
        let default_at = usize::from(inner.starts_with(':'));
        let Some(close) = inner[default_at..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(value.unwrap_or(&inner[default_at..default_at + close]));
        rest = &inner[default_at + close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn examples() {
        assert_eq!(strip_module_instance("O-40_R-1433", "O"), "O-40_R-1433");
        assert_eq!(
            strip_module_instance("MD-1_M-1_MI-1_CH-4", "CH"),
            "MD-1_CH-4"
        );
        assert_eq!(
            strip_module_instance("MD-4_M-15_MI-1_SM-1_M-1_MI-1-1-2_SM-1_O-3-1_R-2", "O"),
            "MD-4_SM-1_O-3-1_R-2"
        );
        assert_eq!(
            module_instance_part("MD-1_M-1_MI-1_O-3-1_R-2", "O"),
            Some("MD-1_M-1_MI-1")
        );
        assert_eq!(parameter_part("M-0083_A-1_MD-1_UP-5_R-1"), Some("UP-5_R-1"));
        assert_eq!(
            fill_text_parameter("Kanal {{0:A}}", Some("Küche")),
            "Kanal Küche"
        );
        assert_eq!(fill_text_parameter("Kanal {{0:A}}", None), "Kanal A");
        assert_eq!(fill_text_parameter("Kanal {{0}}", Some("")), "Kanal ");
        assert_eq!(
            fill_text_parameter("{{0:a}} und {{0}}", Some("x")),
            "x und x"
        );
    }

    /// Deterministic pseudo-random strings over an alphabet rich in the patterns' pieces.
    fn samples(pieces: &[&str], count: usize) -> Vec<String> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let n = (next() % 12) as usize;
                (0..n)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    const ID_PIECES: [&str; 18] = [
        "MD-", "SM-", "M-", "MI-", "O-", "CH-", "_", "-", "1", "23", "x", "ä", " ", "P-", "UP-",
        "R-", "_O-", "_MD-",
    ];

    #[test]
    fn module_ids_match_the_regular_expressions() {
        for id in ["O", "CH"] {
            let re = Regex::new(&format!(r"(MD-\w+_)?.*?(SM-\w+_)?({id}-.*)")).unwrap();
            for s in samples(&ID_PIECES, 50_000) {
                let expected = re.replace_all(&s, "${1}${2}${3}");
                assert_eq!(strip_module_instance(&s, id), expected, "{s:?} ({id})");
            }
        }
        for next in ["O", "CH"] {
            let re = Regex::new(&format!(r"(MD-.*)_{next}-")).unwrap();
            for s in samples(&ID_PIECES, 50_000) {
                let expected = re.captures(&s).map(|c| c.get(1).unwrap().as_str());
                assert_eq!(module_instance_part(&s, next), expected, "{s:?} ({next})");
            }
        }
        let re = Regex::new(r"_(U?P-.*)").unwrap();
        for s in samples(&ID_PIECES, 50_000) {
            let expected = re.captures(&s).map(|c| c.get(1).unwrap().as_str());
            assert_eq!(parameter_part(&s), expected, "{s:?}");
        }
    }

    #[test]
    fn templates_match_the_regular_expression() {
        let re = Regex::new(r"\{\{0(?::?)(.*?)\}\}").unwrap();
        let pieces = [
            "{{0", "{{", "{", "}}", "}", ":", "0", "a", "ü", " ", "{{0:", "{{0}}",
        ];
        for s in samples(&pieces, 50_000) {
            for value in [None, Some(""), Some("v")] {
                let expected = re.replace_all(&s, |c: &regex::Captures| match value {
                    Some(v) if !v.is_empty() => v.to_string(),
                    _ => c[1].to_string(),
                });
                assert_eq!(fill_text_parameter(&s, value), expected, "{s:?} {value:?}");
            }
        }
    }
}
