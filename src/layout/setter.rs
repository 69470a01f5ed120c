//! Setting a piece of text in a style: shape (text stage), then break into lines
//! (linebreak stage). Characters that no font of the style has become errors naming
//! where the text came from; nothing is dropped or drawn as tofu.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::diag::{Diagnostic, Diagnostics};
use crate::linebreak::{prepare_shaped, Paragraph};
use crate::spec::Style;
use crate::text::{FontBook, Shaper};

/// Where a piece of text came from, for error messages.
#[derive(Debug, Clone)]
pub struct Origin<'a> {
    /// The file to name (an article file, or issue.toml for furniture).
    pub file: &'a std::path::Path,
    /// A human description: "article `p1-lead`, paragraph 3".
    pub what: String,
}

/// Shapes and prepares paragraphs with the job's fonts (faces parsed once).
pub struct Setter<'f> {
    shaper: Shaper<'f>,
    fonts: &'f FontBook,
    /// Fallback fonts used, reported once per (style, character).
    fallbacks_seen: BTreeSet<(String, char)>,
    /// The fallback warnings, each with its (style, character).
    warnings: Vec<FallbackWarning>,
}

/// A fallback-font warning with its (style, character), the key it is reported once
/// for.
pub type FallbackWarning = ((String, char), Diagnostic);

impl<'f> Setter<'f> {
    pub fn new(fonts: &'f FontBook) -> Self {
        Setter {
            shaper: Shaper::new(fonts),
            fonts,
            fallbacks_seen: BTreeSet::new(),
            warnings: Vec::new(),
        }
    }

    /// A setter for another thread: the same fonts (faces shared, parsed once), the
    /// fallbacks already reported, no warnings of its own yet. What it sets comes back
    /// through [`Setter::absorb`].
    pub fn sibling(&self) -> Setter<'f> {
        Setter {
            shaper: self.shaper.sibling(),
            fonts: self.fonts,
            fallbacks_seen: self.fallbacks_seen.clone(),
            warnings: Vec::new(),
        }
    }

    /// Take in the warnings of `sibling`, which set text after everything this setter
    /// set: a fallback this one has reported is not reported again, so the warnings are
    /// those one setter doing all the work in that order would give.
    pub fn absorb(&mut self, sibling: Setter<'f>) {
        self.absorb_warnings(sibling.warnings);
    }

    /// Take in warnings another setter made ([`Setter::take_keyed_warnings`]) while
    /// setting text after everything this one set, as [`Setter::absorb`] does.
    pub fn absorb_warnings(&mut self, warnings: Vec<FallbackWarning>) {
        for (key, d) in warnings {
            if self.fallbacks_seen.insert(key.clone()) {
                self.warnings.push((key, d));
            }
        }
    }

    /// The warnings collected so far, each with its (style, character), leaving none
    /// behind: for a caller that puts the warnings of several setters in order.
    pub fn take_keyed_warnings(&mut self) -> Vec<FallbackWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// The (style, character) pairs whose fallback has been reported.
    pub fn fallbacks_reported(&self) -> BTreeSet<(String, char)> {
        self.fallbacks_seen.clone()
    }

    /// Warn about what is set next as if only the fallbacks in `reported` had been
    /// reported before it: a sibling that sets stories out of order sets each as the
    /// next after its parent, and the parent puts their warnings in order.
    pub fn reported_only(&mut self, reported: &BTreeSet<(String, char)>) {
        self.fallbacks_seen.clone_from(reported);
    }

    /// Warnings collected so far (fallback fonts used), leaving none behind.
    pub fn take_warnings(&mut self) -> Diagnostics {
        Diagnostics(
            std::mem::take(&mut self.warnings)
                .into_iter()
                .map(|(_, d)| d)
                .collect(),
        )
    }

    /// A character set in a fallback font is reported (a layout may allow a fallback
    /// chain, and the fallback used is always said: README "Fonts and licences"), once
    /// per style and character, at its first occurrence.
    fn note_fallbacks(&mut self, style: &Style, text: &str, origin: &Origin<'_>) {
        let first = style
            .fonts
            .0
            .first()
            .map(|&id| self.fonts.get(id).postscript_name.clone());
        for fb in self.shaper.fallbacks() {
            let key = (style.name.clone(), fb.ch);
            if !self.fallbacks_seen.insert(key.clone()) {
                continue;
            }
            let index = text.get(..fb.offset).map_or(0, |s| s.chars().count()) + 1;
            self.warnings.push((
                key,
                Diagnostic::warning(format!(
                    "‘{}’ (U+{:04X}) in {}, character {index}, is set in the fallback font {} (style `{}`: {} lacks it)",
                    fb.ch,
                    fb.ch as u32,
                    origin.what,
                    self.fonts.get(fb.font).postscript_name,
                    style.name,
                    first.as_deref().unwrap_or("the first font")
                ))
                .in_file(origin.file),
            ));
        }
    }

    /// Shape `text` in `style` and prepare it for breaking.
    pub fn prepare(
        &mut self,
        style: &Style,
        text: &str,
        keep_together: &[Range<usize>],
        origin: &Origin<'_>,
    ) -> Result<Paragraph, Diagnostics> {
        self.prepare_faces(style, &[], text, keep_together, origin)
    }

    /// Shape `text` in `style` with the byte ranges of `faces` in their own styles'
    /// fonts (at `style`'s size: see [`crate::text::Shaper::shape_faces`]), and prepare
    /// it for breaking with `style`'s composition.
    pub fn prepare_faces(
        &mut self,
        style: &Style,
        faces: &[(Range<usize>, &Style)],
        text: &str,
        keep_together: &[Range<usize>],
        origin: &Origin<'_>,
    ) -> Result<Paragraph, Diagnostics> {
        let chains: Vec<(Range<usize>, &crate::text::FontChain)> =
            faces.iter().map(|(r, st)| (r.clone(), &st.fonts)).collect();
        let style_at = |offset: usize| {
            faces
                .iter()
                .find(|(r, _)| r.contains(&offset))
                .map_or(style, |(_, st)| *st)
        };
        let shaped =
            self.shaper
                .shape_faces(&style.fonts, &chains, text, style.size)
                .map_err(|missing| {
                    missing
                        .iter()
                        .map(|m| {
                            let style = style_at(m.offset);
                            let index = text.get(..m.offset).map_or(0, |s| s.chars().count()) + 1;
                            let context: String =
                                text.get(m.offset..).unwrap_or("").chars().take(8).collect();
                            Diagnostic::error(format!(
                            "no font of style `{}` has the character {} in {}, character {index}",
                            style.name, crate::text::describe_char(m.ch), origin.what
                        ))
                            .in_file(origin.file)
                            .with_hint(format!("text at that point: “{context}”"))
                            .with_hint(installed_hint(m.ch))
                        })
                        .collect::<Vec<_>>()
                })?;
        self.note_fallbacks(style, text, origin);
        Ok(prepare_shaped(shaped, keep_together, &style.composition))
    }
}

/// The hint of a "no font has the character" error: an installed font that has it (the
/// first by family name), or that none has. Looked up only here, when the error is made.
fn installed_hint(c: char) -> String {
    match crate::text::locate::installed_font_with(c) {
        Some(f) => format!(
            "the installed font “{}” ({}{}) has it: add it to `[fonts]` (e.g. {{ family = \"{}\" }}) and to the style's `font` list, or check the text for a stray character",
            f.family,
            f.path.display(),
            if f.index > 0 { format!(", face {}", f.index) } else { String::new() },
            f.family
        ),
        None => "no font installed on this system has it either: check the text for a stray character, or add a font file that has it to `[fonts]` and to the style's `font` list".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The warnings of setters on several threads, absorbed in order, are those of one
    /// setter doing all the work: each fallback reported once, at its first use, and not
    /// again when the main setter had reported it before the siblings were made.
    #[test]
    fn siblings_report_each_fallback_once_as_one_setter_would() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (layout, book) =
            crate::spec::layout_file::load_layout(&root.join("layouts/hengyang-broadsheet.toml"))
                .unwrap_or_else(|d| panic!("{d}"));
        let body = layout.style(layout.roles.body);
        let file = root.join("a.txt");
        let origin = |what: &str| Origin {
            file: &file,
            what: what.to_string(),
        };
        let texts = [
            ("first", "甲⟨乙"),
            ("second", "丙⟨丁⟩"),
            ("third", "戊⟩己⟨"),
        ];
        let mut one = Setter::new(&book);
        one.prepare(body, "前⟩", &[], &origin("before")).unwrap();
        for (what, text) in texts {
            one.prepare(body, text, &[], &origin(what)).unwrap();
        }
        let mut main = Setter::new(&book);
        main.prepare(body, "前⟩", &[], &origin("before")).unwrap();
        let mut siblings: Vec<Setter> = texts.iter().map(|_| main.sibling()).collect();
        for (s, (what, text)) in siblings.iter_mut().zip(texts) {
            s.prepare(body, text, &[], &origin(what)).unwrap();
        }
        for s in siblings {
            main.absorb(s);
        }
        let messages = |d: Diagnostics| d.0.into_iter().map(|d| d.message).collect::<Vec<_>>();
        let want = messages(one.take_warnings());
        assert_eq!(want.len(), 2, "{want:?}");
        assert!(
            want[0].contains("U+27E9") && want[0].contains("before"),
            "{want:?}"
        );
        assert!(
            want[1].contains("U+27E8") && want[1].contains("first"),
            "{want:?}"
        );
        assert_eq!(messages(main.take_warnings()), want);
    }
}
