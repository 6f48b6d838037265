//! English and German texts in Project Fluent (`locales/*.ftl`), embedded: plurals ("1 device",
//! "2 devices") and variables are the translator's, in one place per language.
//!
//! Code and templates name messages by dotted keys (`ets.field.name`); Fluent's id is the same
//! with dashes (`ets-field-name`). A message without variables is formatted once, at start-up,
//! so the dozens of lookups on a page are one hash lookup each; only messages with variables
//! are formatted per use.

use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
// Pages look up dozens of messages per row; FxHash is several times cheaper than SipHash on
// these short keys, and the keys are our own (no hash flooding to defend against).
use rustc_hash::FxHashMap as HashMap;
use unic_langid::LanguageIdentifier;

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
                Catalog::parse(Lang::En, include_str!("../locales/en.ftl")),
                Catalog::parse(Lang::De, include_str!("../locales/de.ftl")),
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
    bundle: FluentBundle<FluentResource>,
    /// Dotted key → Fluent id, for every message.
    ids: HashMap<String, String>,
    /// Dotted key → text, formatted once without arguments (variables show as `{$name}`).
    plain: HashMap<String, String>,
}

impl Catalog {
    fn parse(lang: Lang, text: &str) -> Catalog {
        // The catalogues are part of the binary and checked by tests; a broken one is a build bug.
        let resource = FluentResource::try_new(text.to_string())
            .unwrap_or_else(|(_, errors)| panic!("{} catalogue: {errors:?}", lang.code()));
        let locale: LanguageIdentifier = lang.code().parse().expect("a language tag");
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Isolation marks around variables would end up in attributes, mails and CSV.
        bundle.set_use_isolating(false);
        let ids: Vec<String> = resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("{} catalogue: {errors:?}", lang.code()));
        let mut catalog = Catalog {
            lang,
            bundle,
            ids: HashMap::default(),
            plain: HashMap::default(),
        };
        for id in ids {
            let key = id.replace('-', ".");
            let mut errors = Vec::new();
            if let Some(pattern) = catalog.bundle.get_message(&id).and_then(|m| m.value()) {
                // A message with variables reports them missing here; `fmt` fills them.
                let text = catalog.bundle.format_pattern(pattern, None, &mut errors);
                catalog.plain.insert(key.clone(), text.into_owned());
            }
            catalog.ids.insert(key, id);
        }
        catalog
    }

    /// The text for `key`; the key itself when missing (visible, never a crash).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.plain.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The text for `key` with its variables from `args`. A value that reads as a number is
    /// passed as one, so the message can choose its plural form; a variable without a value
    /// shows as `{$name}`.
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        let Some(pattern) = self
            .ids
            .get(key)
            .and_then(|id| self.bundle.get_message(id))
            .and_then(|m| m.value())
        else {
            return key.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            // Only a value that is exactly a number's own spelling: "+49", "007" or a customer
            // called "1" written as "01" stay the text they are.
            match value.parse::<i64>() {
                Ok(n) if n.to_string() == *value => fluent_args.set(*name, FluentValue::from(n)),
                _ => fluent_args.set(*name, FluentValue::from(*value)),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// [`Catalog::fmt`] with one variable (handy in templates).
    pub fn fmt1(&self, key: &str, name: &str, value: &str) -> String {
        self.fmt(key, &[(name, value)])
    }

    /// [`Catalog::fmt`] with two variables.
    pub fn fmt2(&self, key: &str, n1: &str, v1: &str, n2: &str, v2: &str) -> String {
        self.fmt(key, &[(n1, v1), (n2, v2)])
    }

    pub fn has(&self, key: &str) -> bool {
        self.ids.contains_key(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.ids.keys()
    }

    /// `n` with `decimals` places in the language's way: `1.5` in English, `1,5` in German,
    /// thousands grouped (`12,345.6` / `12.345,6`).
    pub fn number(&self, n: f64, decimals: usize) -> String {
        let (group, point) = match self.lang {
            Lang::En => (',', '.'),
            Lang::De => ('.', ','),
        };
        let text = format!("{:.*}", decimals, n.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::new();
        if n < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            out.push('-');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// A file size as people read it: `512 B`, `14 KB`, `1.5 MB` (`1,5 MB` in German).
    pub fn file_size(&self, bytes: i64) -> String {
        let b = bytes.max(0) as f64;
        const KB: f64 = 1024.0;
        if b < KB {
            format!("{bytes} B")
        } else if b < KB * KB {
            format!("{} KB", self.number(b / KB, 0))
        } else if b < KB * KB * KB {
            format!("{} MB", self.number(b / KB / KB, 1))
        } else {
            format!("{} GB", self.number(b / KB / KB / KB, 1))
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
        assert!(missing_de.is_empty(), "missing in de.ftl: {missing_de:?}");
        assert!(missing_en.is_empty(), "missing in en.ftl: {missing_en:?}");
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
        let sections: std::collections::HashSet<String> = Lang::En
            .catalog()
            .keys()
            .filter_map(|k| k.split('.').next().map(str::to_string))
            .collect();
        text.split('"')
            .skip(1)
            .step_by(2)
            .filter(|lit| {
                let parts: Vec<&str> = lit.split('.').collect();
                parts.len() >= 2
                    && !lit.ends_with(".html")
                    && sections.contains(parts[0])
                    && parts.iter().all(|p| {
                        !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    })
            })
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn plurals_variables_and_numbers() {
        let en = Lang::En.catalog();
        let de = Lang::De.catalog();
        assert_eq!(en.fmt1("ets.device_count", "count", "1"), "1 device");
        assert_eq!(en.fmt1("ets.device_count", "count", "2"), "2 devices");
        assert_eq!(de.fmt1("ets.device_count", "count", "1"), "1 Gerät");
        assert_eq!(de.fmt1("ets.device_count", "count", "5"), "5 Geräte");
        assert_eq!(
            en.fmt2("customers.has_projects", "name", "Max", "count", "1"),
            "Max still has a linked project: unlink it first."
        );
        // A value is inserted as it is: never read as markup or as a variable again.
        assert_eq!(
            en.fmt1("invite.confirm_revoke", "email", "{ $email } <b>"),
            en.get("invite.confirm_revoke")
                .replace("{$email}", "{ $email } <b>")
        );
        assert!(en.get("invite.confirm_revoke").contains("{$email}"));
        // Text that merely reads as a number keeps its spelling.
        for text in ["007", "+49", "-0"] {
            assert_eq!(
                en.fmt1("invite.confirm_revoke", "email", text),
                en.get("invite.confirm_revoke").replace("{$email}", text)
            );
        }
        // A missing variable is visible, not a crash (the page script fills `{$role}`).
        assert!(
            en.fmt1("members.confirm_role", "email", "a@b.de")
                .contains("{$role}")
        );
        assert_eq!(en.fmt("no.such.key", &[]), "no.such.key");
        assert_eq!(en.number(1234567.26, 1), "1,234,567.3");
        assert_eq!(de.number(1234567.26, 1), "1.234.567,3");
        assert_eq!(de.number(-0.04, 1), "0,0");
        assert_eq!(en.file_size(1_572_864), "1.5 MB");
        assert_eq!(de.file_size(1_572_864), "1,5 MB");
        assert_eq!(de.file_size(512), "512 B");
        assert_eq!(en.file_size(14_000), "14 KB");
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
