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
}

pub fn parse<R: BufRead>(
    reader: R,
    file: &str,
    language: Option<&str>,
    into: &mut Hardware,
) -> Result<()> {
    let mut xml = Xml::new(reader, file);
    let mut h2p: Option<String> = None;
    let mut in_language = false;
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
                in_language = language.is_some() && tag.attrs()?.get("Identifier") == language;
            }
            (b"TranslationElement", Some(b"TranslationUnit")) if in_language => {
                let r = tag.attrs()?.string("RefId");
                translating = mine.contains(&r).then_some(r);
            }
            (b"Translation", Some(b"TranslationElement")) if in_language => {
                if let Some(r) = &translating {
                    let a = tag.attrs()?;
                    if a.get("AttributeName") == Some("Text") {
                        if let Some(p) = into.products.get_mut(r) {
                            p.text = a.string("Text").into();
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
