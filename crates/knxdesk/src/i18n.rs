//! English and German texts, one message catalogue per language (`locales/*.toml`), embedded.

use std::sync::OnceLock;

// Pages look up dozens of messages per row; FxHash is several times cheaper than SipHash on
// these short keys, and the keys are our own (no hash flooding to defend against).
use rustc_hash::FxHashMap as HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// Accepts `en`, `de`, `de-DE`, `DE`...; anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| Lang::parse(part.split(';').next()?))
            .next()
    }

    pub fn catalog(self) -> &'static Catalog {
        static CATALOGS: OnceLock<[Catalog; 2]> = OnceLock::new();
        let all = CATALOGS.get_or_init(|| {
            [
                Catalog::parse(Lang::En, include_str!("../locales/en.toml")),
                Catalog::parse(Lang::De, include_str!("../locales/de.toml")),
            ]
        });
        match self {
            Lang::En => &all[0],
            Lang::De => &all[1],
        }
    }
}

pub struct Catalog {
    pub lang: Lang,
    messages: HashMap<String, String>,
}

impl Catalog {
    fn parse(lang: Lang, text: &str) -> Catalog {
        // The catalogues are part of the binary and checked by tests; a broken one is a build bug.
        let table: toml::Table = toml::from_str(text).expect("message catalogue is valid TOML");
        let mut messages = HashMap::default();
        flatten("", &table, &mut messages);
        Catalog { lang, messages }
    }

    /// The text for `key`; the key itself when missing (visible, never a crash).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.messages.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The text for `key` with `{name}` placeholders replaced.
    /// Placeholders without an argument stay as they are.
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        let text = self.get(key);
        let mut out =
            String::with_capacity(text.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                args.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v, close))
            });
            match value {
                Some((v, close)) => {
                    out.push_str(v);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// [`Catalog::fmt`] with one placeholder (handy in templates).
    pub fn fmt1(&self, key: &str, name: &str, value: &str) -> String {
        self.fmt(key, &[(name, value)])
    }

    /// [`Catalog::fmt`] with two placeholders.
    pub fn fmt2(&self, key: &str, n1: &str, v1: &str, n2: &str, v2: &str) -> String {
        self.fmt(key, &[(n1, v1), (n2, v2)])
    }

    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.messages.keys()
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let en = Lang::En.catalog();
        let de = Lang::De.catalog();
        let missing_de: Vec<_> = en.keys().filter(|k| !de.has(k)).collect();
        let missing_en: Vec<_> = de.keys().filter(|k| !en.has(k)).collect();
        assert!(missing_de.is_empty(), "missing in de.toml: {missing_de:?}");
        assert!(missing_en.is_empty(), "missing in en.toml: {missing_en:?}");
        assert!(en.keys().count() > 50);
    }

    #[test]
    fn every_key_used_in_code_exists() {
        // Scan sources and templates for t.get("...") / t.fmt("...") / label keys.
        let root = concat!(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        for dir in ["src", "templates"] {
            visit(&std::path::Path::new(root).join(dir), &mut |text| {
                for key in quoted_keys(text) {
                    if !Lang::En.catalog().has(&key) {
                        missing.push(key);
                    }
                }
            });
        }
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "keys used but not in the catalogue: {missing:?}"
        );
    }

    fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&str)) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, f);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                f(&text);
            }
        }
    }

    /// Keys appear as `t.get("a.b")`, `t.fmt("a.b", ..)`, `t.fmt1(..)`, `t.fmt2(..)`.
    fn quoted_keys(text: &str) -> Vec<String> {
        // Every string literal shaped like a dotted key whose first part is a catalogue section
        // ("members.removed", "error.page.csrf") is a message key and must exist.
        let sections: Vec<&str> = vec![
            "nav",
            "common",
            "error",
            "signin",
            "signup",
            "reset",
            "orgs",
            "admin",
            "members",
            "invite",
            "role",
            "settings",
            "dashboard",
        ];
        text.split('"')
            .skip(1)
            .step_by(2)
            .filter(|lit| {
                let parts: Vec<&str> = lit.split('.').collect();
                parts.len() >= 2
                    && !lit.ends_with(".html")
                    && sections.contains(&parts[0])
                    && parts.iter().all(|p| {
                        !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    })
            })
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn placeholders_are_filled_once_from_the_arguments() {
        let mut c = Catalog {
            lang: Lang::En,
            messages: HashMap::default(),
        };
        c.messages
            .insert("k".into(), "{a} and {b}, {unknown} {a}{".into());
        // A value that looks like a placeholder is not filled again.
        assert_eq!(
            c.fmt("k", &[("a", "{b}"), ("b", "2")]),
            "{b} and 2, {unknown} {b}{"
        );
        assert_eq!(c.fmt("k", &[]), "{a} and {b}, {unknown} {a}{");
    }

    #[test]
    fn language_parsing() {
        assert_eq!(Lang::parse("de-DE"), Some(Lang::De));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(
            Lang::from_accept_language("fr-FR,de;q=0.8,en;q=0.5"),
            Some(Lang::De)
        );
        assert_eq!(
            Lang::En.catalog().fmt("error.too_long", &[("max", "5")]),
            "At most 5 characters."
        );
    }
}
