//! Font checks (ISO 15930-7 §6.3.5: every font embedded; ISO 32000-1 §9.6.4: a
//! subset's tag names one font program).

use std::collections::{BTreeMap, BTreeSet};

use hayro_syntax::object::Object;

use super::pdf::{dict_of, name_of};
use super::{error, Finding};

const FONT_FILES: [&str; 3] = ["FontFile", "FontFile2", "FontFile3"];

/// A subset font's name (`ABCDEF+Name`, ISO 32000-1 §9.6.4) stands for one font
/// program: a RIP that caches fonts by name prints every font of that name with the
/// first program it met.
#[derive(Default)]
pub(super) struct SubsetNames {
    /// Each subset name, and the font programs (objects) it names.
    programs: BTreeMap<Vec<u8>, BTreeSet<(u32, i32)>>,
}

impl SubsetNames {
    /// Take in one object of the file.
    pub fn object(&mut self, obj: &Object<'_>) {
        let Some(d) = dict_of(obj) else { return };
        if name_of(&d, b"Type").is_none_or(|t| t.as_ref() != b"FontDescriptor") {
            return;
        }
        let Some(name) = name_of(&d, b"FontName") else {
            return;
        };
        if name.get(6) != Some(&b'+') {
            return;
        }
        let program = FONT_FILES.iter().find_map(|k| d.get_ref(k.as_bytes()));
        if let Some(p) = program {
            self.programs
                .entry(name.to_vec())
                .or_default()
                .insert((p.obj_number, p.gen_number));
        }
    }

    /// A finding for each name given to more than one program.
    pub fn findings(self) -> Vec<Finding> {
        self.programs
            .into_iter()
            .filter(|(_, p)| p.len() > 1)
            .map(|(name, p)| {
                error(
                    None,
                    format!(
                        "subset name {} is used by {} different font programs",
                        String::from_utf8_lossy(&name),
                        p.len()
                    ),
                )
            })
            .collect()
    }
}

/// Every font but Type 3 (its glyphs are content) and Type 0 (checked through its
/// descendant CIDFont, an object of its own) has a font program in its descriptor.
pub(super) fn font_embedded(obj: &Object<'_>, out: &mut Vec<Finding>) {
    let Some(d) = dict_of(obj) else { return };
    if name_of(&d, b"Type").is_none_or(|t| t.as_ref() != b"Font") {
        return;
    }
    let subtype = name_of(&d, b"Subtype");
    if subtype.is_some_and(|s| matches!(s.as_ref(), b"Type3" | b"Type0")) {
        return;
    }
    let embedded = d
        .get::<hayro_syntax::object::Dict<'_>>(b"FontDescriptor")
        .is_some_and(|fd| FONT_FILES.iter().any(|k| fd.contains_key(k.as_bytes())));
    if !embedded {
        let name =
            name_of(&d, b"BaseFont").map_or_else(|| "?".to_owned(), |n| n.as_str().to_owned());
        out.push(error(None, format!("font {name} is not embedded")));
    }
}
