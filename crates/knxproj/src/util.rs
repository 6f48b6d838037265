//! Small parsers shared by the loaders, matching xknxproject's interpretation of ETS values.

use crate::Dpt;

/// `P-0123-0_GA-7` → `GA-7` (everything after the first `_`).
pub fn split_prefix(id: &str) -> Option<&str> {
    id.split_once('_').map(|(_, rest)| rest)
}

/// `DPST-1-1 DPT-5` → [1.1, 5]; duplicates dropped, unknown forms skipped.
pub fn parse_dpts(value: Option<&str>) -> Vec<Dpt> {
    let mut out: Vec<Dpt> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for token in value.unwrap_or_default().split_whitespace() {
        if seen.contains(&token) {
            continue;
        }
        seen.push(token);
        let parts: Vec<&str> = token.split('-').collect();
        let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
        match parts.first() {
            Some(&"DPT") => {
                if let Some(main) = num(1) {
                    out.push(Dpt { main, sub: None });
                }
            }
            Some(&"DPST") => {
                if let (Some(main), Some(sub)) = (num(1), num(2)) {
                    out.push(Dpt {
                        main,
                        sub: Some(sub),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// `Enabled` → true, anything else → false, absent → None.
pub fn parse_flag(value: Option<&str>) -> Option<bool> {
    value.map(|v| v == "Enabled")
}

/// `knx:fb.417 knx:fb.1` → ["417", "1"]; None when nothing valid.
pub fn parse_functional_blocks(value: Option<&str>) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for fb in value?.split_whitespace() {
        let id = fb.strip_prefix("knx:fb.").unwrap_or(fb);
        if id.trim().parse::<i64>().is_ok() && !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `knx:dpa.417.51` → ["417.51"]; None when nothing valid.
pub fn parse_dpas(value: Option<&str>) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for dpa in value?.split_whitespace() {
        let id = dpa.strip_prefix("knx:dpa.").unwrap_or(dpa);
        let valid = id.split_once('.').is_some_and(|(a, b)| {
            a.trim().parse::<i64>().is_ok() && b.trim().parse::<i64>().is_ok()
        });
        if valid && !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

pub use crate::patterns::{fill_text_parameter, strip_module_instance};
use crate::patterns::{module_instance_part, parameter_part};

/// Puts the module instance of `instance_ref` into a module-relative `TextParameterRefId`.
pub fn text_parameter_ref(
    instance_ref: &str,
    next_id: &str,
    text_parameter_ref_id: &str,
) -> Option<String> {
    if text_parameter_ref_id.contains("_MD-")
        && let Some(module) = module_instance_part(instance_ref, next_id)
    {
        let app = text_parameter_ref_id
            .split("_MD-")
            .next()
            .unwrap_or_default();
        let param = parameter_part(text_parameter_ref_id)?;
        return Some(format!("{app}_{module}_{param}"));
    }
    Some(text_parameter_ref_id.to_string())
}

/// Plain text of an ETS comment: RTF (`{\rtf1 ...}`) is reduced to its text, HTML entities are
/// decoded; anything else is returned as it is.
pub fn comment_text(comment: &str) -> String {
    let text = if comment.trim_start().starts_with("{\\rtf") {
        rtf_to_text(comment)
    } else {
        comment.to_string()
    };
    html_unescape(&text)
}

/// A small RTF reader: keeps text, turns `\par`/`\line` into newlines, `\tab` into tabs,
/// decodes `\'hh` (Windows-1252) and `\uN`, and skips header groups (font and colour tables,
/// `{\*...}` destinations).
pub fn rtf_to_text(rtf: &str) -> String {
    const SKIP: [&str; 8] = [
        "fonttbl",
        "colortbl",
        "stylesheet",
        "info",
        "pict",
        "header",
        "footer",
        "generator",
    ];
    let bytes = rtf.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    // Per group: whether its text is skipped.
    let mut skip_stack: Vec<bool> = vec![false];
    let mut uc_skip = 0usize;
    while i < bytes.len() {
        let skipping = *skip_stack.last().unwrap_or(&false);
        match bytes[i] {
            b'{' => {
                skip_stack.push(skipping);
                i += 1;
            }
            b'}' => {
                if skip_stack.len() > 1 {
                    skip_stack.pop();
                }
                i += 1;
            }
            b'\\' => {
                i += 1;
                let Some(&c) = bytes.get(i) else { break };
                if c.is_ascii_alphabetic() {
                    let start = i;
                    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    let word = &rtf[start..i];
                    let num_start = i;
                    if i < bytes.len() && (bytes[i] == b'-' || bytes[i].is_ascii_digit()) {
                        i += 1;
                        while i < bytes.len() && bytes[i].is_ascii_digit() {
                            i += 1;
                        }
                    }
                    let param: Option<i64> = rtf[num_start..i].parse().ok();
                    if i < bytes.len() && bytes[i] == b' ' {
                        i += 1;
                    }
                    match word {
                        w if SKIP.contains(&w) => {
                            if let Some(top) = skip_stack.last_mut() {
                                *top = true;
                            }
                        }
                        "par" | "line" if !skipping => out.push('\n'),
                        "tab" if !skipping => out.push('\t'),
                        "uc" => uc_skip = param.unwrap_or(1).max(0) as usize,
                        "u" if !skipping => {
                            let code = param.unwrap_or(0);
                            let code = if code < 0 { code + 65536 } else { code } as u32;
                            if let Some(ch) = char::from_u32(code) {
                                out.push(ch);
                            }
                            // Skip the fallback characters that follow.
                            let mut n = uc_skip.max(1);
                            while n > 0 && i < bytes.len() {
                                if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'\'') {
                                    i += 4;
                                } else {
                                    i += 1;
                                }
                                n -= 1;
                            }
                        }
                        _ => {}
                    }
                } else if c == b'\'' {
                    let hex = rtf.get(i + 1..i + 3).unwrap_or("");
                    i += 3;
                    if !skipping && let Ok(b) = u8::from_str_radix(hex, 16) {
                        out.push(cp1252(b));
                    }
                } else if c == b'*' {
                    if let Some(top) = skip_stack.last_mut() {
                        *top = true;
                    }
                    i += 1;
                } else {
                    // Escaped literal: \\ \{ \} and others.
                    if !skipping && matches!(c, b'\\' | b'{' | b'}') {
                        out.push(c as char);
                    } else if !skipping && c == b'~' {
                        out.push('\u{a0}');
                    } else if !skipping && c == b'\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                let ch_len = rtf[i..].chars().next().map(char::len_utf8).unwrap_or(1);
                if !skipping {
                    out.push_str(&rtf[i..i + ch_len]);
                }
                i += ch_len;
            }
        }
    }
    out
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Decodes the HTML entities ETS comments may contain (`&amp;`, `&#228;`, `&auml;`...).
pub fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let ch = if let Some(num) = entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
            {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = entity.strip_prefix('#') {
                num.parse().ok().and_then(char::from_u32)
            } else {
                match entity {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "auml" => Some('ä'),
                    "ouml" => Some('ö'),
                    "uuml" => Some('ü'),
                    "Auml" => Some('Ä'),
                    "Ouml" => Some('Ö'),
                    "Uuml" => Some('Ü'),
                    "szlig" => Some('ß'),
                    "deg" => Some('°'),
                    "euro" => Some('€'),
                    _ => None,
                }
            };
            ch.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
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
    fn dpts() {
        assert_eq!(
            parse_dpts(Some("DPST-1-1 DPST-1-1 DPT-5 junk DPST-9")),
            vec![
                Dpt {
                    main: 1,
                    sub: Some(1)
                },
                Dpt { main: 5, sub: None }
            ]
        );
        assert!(parse_dpts(None).is_empty());
    }

    #[test]
    fn semantics() {
        assert_eq!(
            parse_functional_blocks(Some("knx:fb.417 knx:fb.417 x")),
            Some(vec!["417".to_string()])
        );
        assert_eq!(
            parse_dpas(Some("knx:dpa.417.51")),
            Some(vec!["417.51".to_string()])
        );
        assert_eq!(parse_dpas(Some("")), None);
    }

    #[test]
    fn comments() {
        assert_eq!(comment_text("plain &amp; simple"), "plain & simple");
        let rtf = r"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}\f0\fs20 Hallo W\'e4rme\par zweite\u8364? Zeile}";
        assert_eq!(comment_text(rtf), "Hallo Wärme\nzweite€ Zeile");
    }
}
