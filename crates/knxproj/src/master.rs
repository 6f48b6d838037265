//! `knx_master.xml`: manufacturer names, space usages, function types, product languages and
//! their translations (only those of space usages and function types are kept).

use std::{collections::HashMap, io::BufRead, sync::OnceLock};

use crate::{
    error::Result,
    xml::{Node, Xml},
};

/// Languages ETS 4 products come in (ETS 4 master data does not list them).
const ETS4_PRODUCT_LANGUAGES: [&str; 24] = [
    "cs-CZ", "da-DK", "de-DE", "el-GR", "en-US", "es-ES", "fi-FI", "fr-FR", "hu-HU", "is-IS",
    "it-IT", "ja-JP", "nb-NO", "nl-NL", "pl-PL", "pt-PT", "ro-RO", "ru-RU", "sk-SK", "sl-SI",
    "sv-SE", "tr-TR", "uk-UA", "zh-CN",
];

#[derive(Debug, Default)]
pub struct Master {
    pub manufacturers: HashMap<String, crate::Text>,
    pub space_usages: HashMap<String, String>,
    pub function_types: HashMap<String, String>,
    pub product_languages: Vec<String>,
    /// language → (RefId → translated Text), for `SU-` and `FT-` ids.
    translations: HashMap<String, HashMap<String, String>>,
    /// The language chosen for this parse (resolved against the product languages).
    pub language_code: Option<String>,
}

impl Master {
    /// Reads the master data; `publish` gets the language texts are wanted in as soon as it is
    /// known (the product languages come before most of the file), for readers on other threads.
    pub fn parse<R: BufRead>(
        reader: R,
        is_ets4: bool,
        language: Option<&str>,
        publish: &OnceLock<Option<String>>,
    ) -> Result<Master> {
        let mut m = Master::default();
        if is_ets4 {
            m.product_languages = ETS4_PRODUCT_LANGUAGES
                .iter()
                .map(|s| s.to_string())
                .collect();
            let _ = publish.set(language.and_then(|l| resolve_language(l, &m.product_languages)));
        }
        let mut xml = Xml::new(reader, "knx_master.xml");
        let mut language_of_translations: Option<String> = None;
        let mut current_ref: Option<String> = None;
        while let Some(node) = xml.next()? {
            let Node::Open(tag) = node else { continue };
            let mut skip = false;
            if tag.parent() == Some(b"MasterData")
                && tag.name() != b"ProductLanguages"
                && !m.product_languages.is_empty()
                && publish.get().is_none()
            {
                // The product languages are all read.
                let _ =
                    publish.set(language.and_then(|l| resolve_language(l, &m.product_languages)));
            }
            match (tag.name(), tag.parent()) {
                // Large parts we never read (datapoint types, mask versions...): skipped unseen.
                (
                    b"DatapointTypes"
                    | b"DatapointRoles"
                    | b"InterfaceObjectTypes"
                    | b"InterfaceObjectProperties"
                    | b"PropertyDataTypes"
                    | b"MediumTypes"
                    | b"MaskVersions"
                    | b"FunctionalBlocks",
                    Some(b"MasterData"),
                ) => skip = true,
                // Translations are all that follows; without a wanted language we are done.
                (b"Languages", Some(b"MasterData"))
                    if language.is_none() && !m.manufacturers.is_empty() =>
                {
                    break;
                }
                (b"Manufacturer", Some(b"Manufacturers")) => {
                    let id = tag.attr("Id")?.unwrap_or_default().into_owned();
                    let name = tag.attr("Name")?.unwrap_or_default();
                    m.manufacturers.insert(id, name.as_ref().into());
                    // Its children (order number scripts, public keys: a tenth of the file)
                    // hold nothing we show.
                    skip = true;
                }
                (b"SpaceUsage", Some(b"SpaceUsages")) if !is_ets4 => {
                    let a = tag.attrs()?;
                    m.space_usages.insert(a.string("Id"), a.string("Text"));
                }
                (b"FunctionType", Some(b"FunctionTypes")) if !is_ets4 => {
                    let a = tag.attrs()?;
                    m.function_types.insert(a.string("Id"), a.string("Text"));
                }
                (b"Language", Some(b"ProductLanguages")) if !is_ets4 => {
                    m.product_languages.push(tag.attrs()?.string("Identifier"));
                }
                (b"Language", Some(b"Languages")) => {
                    let id = tag.attr("Identifier")?.unwrap_or_default().into_owned();
                    // When the product languages are known already (they come first in ETS
                    // files), only the wanted language's translations are read.
                    let known = &m.product_languages;
                    if !known.is_empty() && language_of_translations.is_some() {
                        // The wanted language has been read: the rest of the file (the other
                        // languages, a fifth of an ETS 6 master file) is not even inflated.
                        break;
                    }
                    let wanted = language.and_then(|l| resolve_language(l, known));
                    if !known.is_empty() && wanted.as_deref() != Some(id.as_str()) {
                        skip = true;
                    } else {
                        language_of_translations = Some(id);
                    }
                }
                (b"TranslationElement", Some(b"TranslationUnit")) => {
                    let r = tag.attr("RefId")?.unwrap_or_default().into_owned();
                    current_ref = (r.starts_with("SU-") || r.starts_with("FT-")).then_some(r);
                    skip = current_ref.is_none();
                }
                (b"Translation", Some(b"TranslationElement")) => {
                    if let (Some(lang), Some(r)) = (&language_of_translations, &current_ref) {
                        let a = tag.attrs()?;
                        if let (Some("Text"), Some(text)) = (a.get("AttributeName"), a.get("Text"))
                        {
                            m.translations
                                .entry(lang.clone())
                                .or_default()
                                .insert(r.clone(), text.to_string());
                        }
                    }
                }
                _ => {}
            }
            if skip {
                xml.skip()?;
            }
        }
        // The language published early is the one: everything is read in one language.
        m.language_code = publish
            .get_or_init(|| language.and_then(|l| resolve_language(l, &m.product_languages)))
            .clone();
        Ok(m)
    }

    fn translated(&self, id: &str) -> Option<&str> {
        let lang = self.language_code.as_ref()?;
        self.translations
            .get(lang)?
            .get(id)
            .map(String::as_str)
            .filter(|t| !t.is_empty())
    }

    pub fn space_usage_text(&self, id: &str) -> String {
        self.translated(id)
            .or_else(|| self.space_usages.get(id).map(String::as_str))
            .unwrap_or_default()
            .to_string()
    }

    pub fn function_type_text(&self, id: &str) -> String {
        self.translated(id)
            .or_else(|| self.function_types.get(id).map(String::as_str))
            .unwrap_or_default()
            .to_string()
    }
}

/// `de-DE` → `de-DE`; `De` or `de` → the first product language starting with `de-`.
pub fn resolve_language(language: &str, product_languages: &[String]) -> Option<String> {
    if product_languages.iter().any(|l| l == language) {
        return Some(language.to_string());
    }
    let wanted: String = language.chars().take(2).collect::<String>().to_lowercase();
    product_languages
        .iter()
        .find(|l| l.split_once('-').is_some_and(|(code, _)| code == wanted))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_language() {
        let langs: Vec<String> = ["en-US", "de-DE"].iter().map(|s| s.to_string()).collect();
        assert_eq!(resolve_language("De", &langs).as_deref(), Some("de-DE"));
        assert_eq!(resolve_language("de-DE", &langs).as_deref(), Some("de-DE"));
        assert_eq!(resolve_language("en-GB", &langs).as_deref(), Some("en-US"));
        assert_eq!(resolve_language("fr", &langs), None);
    }
}
