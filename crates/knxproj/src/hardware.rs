//! `M-xxxx/Hardware.xml`: products (name, order number, hardware name) and which application
//! program each hardware-to-program entry uses.

use std::{collections::HashMap, io::BufRead};

use crate::{
    error::Result,
    xml::{Node, Xml},
};

#[derive(Debug, Clone, Default)]
pub struct Product {
    pub text: crate::Text,
    pub order_number: crate::Text,
}

#[derive(Debug, Default)]
pub struct Hardware {
    pub products: HashMap<String, Product>,
    /// Hardware2Program id → application program id.
    pub programs: HashMap<String, String>,
    /// Product text translations of the candidate languages: language → (product id, text).
    translations: HashMap<String, Vec<(String, String)>>,
}

impl Hardware {
    /// Applies the translations of the language finally chosen.
    pub fn apply_language(&mut self, language: Option<&str>) {
        let Some(list) = language.and_then(|l| self.translations.remove(l)) else {
            return;
        };
        for (id, text) in list {
            if let Some(p) = self.products.get_mut(&id) {
                p.text = text.into();
            }
        }
        self.translations.clear();
    }
}

pub fn parse<R: BufRead>(
    reader: R,
    file: &str,
    requested_language: Option<&str>,
    into: &mut Hardware,
) -> Result<()> {
    let mut xml = Xml::new(reader, file);
    let mut h2p: Option<String> = None;
    let mut in_language: Option<String> = None;
    let mut translating: Option<String> = None;
    // Products of this file only: translations apply to them.
    let mut mine: Vec<String> = Vec::new();
    while let Some(node) = xml.next()? {
        let Node::Open(tag) = node else { continue };
        match (tag.name(), tag.parent()) {
            (b"Product", Some(b"Products")) => {
                let a = tag.attrs()?;
                let id = a.string("Id");
                mine.push(id.clone());
                into.products.insert(
                    id,
                    Product {
                        text: a.string("Text").into(),
                        order_number: a.string("OrderNumber").into(),
                    },
                );
            }
            (b"Hardware2Program", Some(b"Hardware2Programs")) => h2p = tag.attrs()?.opt("Id"),
            (b"ApplicationProgramRef", Some(b"Hardware2Program")) => {
                if let (Some(id), Some(app)) = (h2p.take(), tag.attrs()?.opt("RefId")) {
                    into.programs.insert(id, app);
                }
            }
            (b"Language", Some(b"Languages")) => {
                let id = tag.attrs()?.string("Identifier");
                in_language = crate::master::is_candidate(requested_language, &id).then_some(id);
            }
            (b"TranslationElement", Some(b"TranslationUnit")) if in_language.is_some() => {
                let r = tag.attrs()?.string("RefId");
                translating = mine.contains(&r).then_some(r);
            }
            (b"Translation", Some(b"TranslationElement")) => {
                if let (Some(lang), Some(r)) = (&in_language, &translating) {
                    let a = tag.attrs()?;
                    if a.get("AttributeName") == Some("Text") {
                        into.translations
                            .entry(lang.clone())
                            .or_default()
                            .push((r.clone(), a.string("Text")));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
