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
    /// Product texts in every language (language, product id, text): read before the wanted
    /// language is known, which `knx_master.xml` tells (read meanwhile on another thread).
    translations: Vec<(String, String, crate::Text)>,
}

impl Hardware {
    /// Product texts in `language`, where translated.
    pub fn translate(&mut self, language: Option<&str>) {
        for (lang, product, text) in std::mem::take(&mut self.translations) {
            if Some(lang.as_str()) == language
                && let Some(p) = self.products.get_mut(&product)
            {
                p.text = text;
            }
        }
    }
}

pub fn parse<R: BufRead>(reader: R, file: &str, into: &mut Hardware) -> Result<()> {
    let mut xml = Xml::new(reader, file);
    let mut h2p: Option<String> = None;
    let mut language: Option<String> = None;
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
                language = tag.attrs()?.opt("Identifier");
            }
            (b"TranslationElement", Some(b"TranslationUnit")) if language.is_some() => {
                let r = tag.attrs()?.string("RefId");
                translating = mine.contains(&r).then_some(r);
            }
            (b"Translation", Some(b"TranslationElement")) => {
                if let (Some(lang), Some(r)) = (&language, &translating) {
                    let a = tag.attrs()?;
                    if a.get("AttributeName") == Some("Text") {
                        into.translations
                            .push((lang.clone(), r.clone(), a.string("Text").into()));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
