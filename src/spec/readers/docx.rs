//! Word-processing documents in Office Open XML (ECMA-376 / ISO/IEC 29500), `.docx`,
//! as saved by Word, WPS Office, LibreOffice and python-docx.
//!
//! The package is a zip archive, read with `rawzip` (the archive structure only) and
//! inflated with `miniz_oxide`; each part read is limited to [`MAX_PART`] bytes
//! unpacked (a zip bomb stops there with an error), the archive to [`MAX_ENTRIES`]
//! entries. `word/document.xml` is the text, `word/styles.xml` gives style names and
//! outline levels, `word/numbering.xml` says which lists are numbered.
//!
//! | Word | article |
//! | --- | --- |
//! | the first Title paragraph, else the first Heading 1 | headline |
//! | Subtitle (副标题) | subhead |
//! | a paragraph style named Kicker or 引题 / Byline or 署名 | kicker / byline |
//! | later Title / Heading 1, Heading 2–9, outline levels | intertitle (小标题) |
//! | numbered or bulleted paragraph (`w:numPr`) | list item (numbered unless a bullet) |
//! | other paragraphs | paragraph |
//! | run `w:b` / `w:i` (or a character style with them) | strong / emphasis face |
//! | `w:ins`, `w:moveTo` | kept (tracked changes accepted) |
//! | `w:del`, `w:delText`, `w:moveFrom` | dropped (accepted) |
//! | `w:tab` / `w:br`, `w:cr` | a space / a line break (joins like wire copy) |
//!
//! Styles are recognised by name (English or Chinese, through `basedOn`) or outline
//! level. When no paragraph is a Title or Heading 1, the first paragraph is the
//! headline if it is short ([`MAX_PLAIN_HEADLINE`] characters at most) and has no 。;
//! otherwise reading stops with an error saying how to mark the headline.
//!
//! Comments are ignored. Footnote and endnote references, pictures, symbols and
//! equations are reported (warnings at the paragraph, 1-based among the document's
//! paragraphs); tables are set as their cells' paragraphs with a warning.

use std::collections::HashMap;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::model::{BlockKind, Face};

use super::{At, Draft, DraftBlock};

/// The most bytes one part of the package may unpack to (64 MiB; a long story's
/// `document.xml` is well under 1 MiB).
pub const MAX_PART: usize = 64 << 20;
/// The most entries the archive may have (a document has a few dozen).
pub const MAX_ENTRIES: usize = 10_000;
/// The largest `.docx` file read (bytes).
pub const MAX_FILE: u64 = 256 << 20;
/// Without a Title or Heading 1, the first paragraph is the headline when it is at
/// most this many characters long (and has no 。).
pub const MAX_PLAIN_HEADLINE: usize = 40;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

/// Read a `.docx` article.
pub fn read(path: &Path, id: &str) -> Result<crate::spec::model::Article, Diagnostics> {
    let err = |m: String| Diagnostic::error(m).in_file(path);
    let len = std::fs::metadata(path)
        .map_err(|e| crate::spec::decode::read_error(path, &e))?
        .len();
    if len > MAX_FILE {
        return Err(err(format!(
            "the document is {len} bytes; the limit for a .docx article is {MAX_FILE}"
        ))
        .into());
    }
    let bytes = std::fs::read(path).map_err(|e| crate::spec::decode::read_error(path, &e))?;
    let parts = unpack(
        &bytes,
        &["word/document.xml", "word/styles.xml", "word/numbering.xml"],
    )
    .map_err(err)?;
    let [document, styles, numbering] = parts;
    let Some(document) = document else {
        return Err(err("the .docx has no `word/document.xml`: it is not a Word document".into())
            .with_hint("save it again from Word, WPS or LibreOffice as a .docx (Word 2007–365) document")
            .into());
    };
    let part_text = |name: &str, data: &[u8]| -> Result<String, Diagnostic> {
        let text = std::str::from_utf8(data)
            .map_err(|e| err(format!("`{name}` in the .docx is not UTF-8 ({e})")))?;
        Ok(text.strip_prefix('\u{FEFF}').unwrap_or(text).to_string())
    };
    let parse = |name: &str, text| parse_part(path, name, text);
    let styles_text = styles
        .map(|s| part_text("word/styles.xml", &s))
        .transpose()?;
    let styles_doc = styles_text
        .as_deref()
        .map(|t| parse("word/styles.xml", t))
        .transpose()?;
    let numbering_text = numbering
        .map(|s| part_text("word/numbering.xml", &s))
        .transpose()?;
    let numbering_doc = numbering_text
        .as_deref()
        .map(|t| parse("word/numbering.xml", t))
        .transpose()?;
    let doc_text = part_text("word/document.xml", &document)?;
    let doc = parse("word/document.xml", &doc_text)?;
    let styles = styles_doc.as_ref().map(Styles::read).unwrap_or_default();
    let numbering = numbering_doc
        .as_ref()
        .map(Numbering::read)
        .unwrap_or_default();
    let draft = Reader::new(path, &styles, &numbering).read(&doc)?;
    draft.into_article(path, id)
}

/// A part's XML parsed; errors name the part and its line:column.
fn parse_part<'t>(
    path: &Path,
    name: &str,
    text: &'t str,
) -> Result<roxmltree::Document<'t>, Diagnostic> {
    super::parse_xml(text).map_err(|d| {
        Diagnostic {
            message: format!("`{name}` in the .docx: {}", d.message),
            ..d
        }
        .in_file(path)
    })
}

/// The unpacked parts named by `wanted` (`None` for one that is not in the
/// archive). Errors (unlocated) name the part and the limit.
fn unpack<const N: usize>(
    bytes: &[u8],
    wanted: &[&str; N],
) -> Result<[Option<Vec<u8>>; N], String> {
    let archive = rawzip::ZipArchive::from_slice(bytes)
        .map_err(|e| format!("the .docx is not a readable zip archive ({e})"))?;
    let mut found: [Option<rawzip::ZipArchiveEntryWayfinder>; N] = [None; N];
    let mut methods = [rawzip::CompressionMethod::STORE; N];
    let mut entries = archive.entries();
    let mut count = 0usize;
    while let Some(entry) = entries
        .next_entry()
        .map_err(|e| format!("the .docx's zip directory is damaged ({e})"))?
    {
        count += 1;
        if count > MAX_ENTRIES {
            return Err(format!(
                "the .docx has more than {MAX_ENTRIES} entries; it is not a plain document"
            ));
        }
        let name = entry.file_path();
        let name = name.as_bytes();
        if let Some(k) = wanted.iter().position(|w| w.as_bytes() == name) {
            if found[k].is_some() {
                return Err(format!("the .docx holds `{}` twice", wanted[k]));
            }
            if entry.uncompressed_size_hint() > MAX_PART as u64 {
                return Err(format!(
                    "`{}` in the .docx says it unpacks to {} bytes; the limit is {} MiB",
                    wanted[k],
                    entry.uncompressed_size_hint(),
                    MAX_PART >> 20
                ));
            }
            found[k] = Some(entry.wayfinder());
            methods[k] = entry.compression_method();
        }
    }
    let mut out: [Option<Vec<u8>>; N] = std::array::from_fn(|_| None);
    for k in 0..N {
        let Some(way) = found[k] else { continue };
        let name = wanted[k];
        let entry = archive
            .get_entry(way)
            .map_err(|e| format!("`{name}` in the .docx is damaged ({e})"))?;
        let data = entry.data();
        let unpacked = match methods[k] {
            rawzip::CompressionMethod::STORE => {
                if data.len() > MAX_PART {
                    return Err(format!(
                        "`{name}` in the .docx is larger than {} MiB",
                        MAX_PART >> 20
                    ));
                }
                data.to_vec()
            }
            rawzip::CompressionMethod::DEFLATE => {
                miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_PART).map_err(
                    |e| match e.status {
                        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                            "`{name}` in the .docx unpacks to more than {} MiB (a zip bomb?)",
                            MAX_PART >> 20
                        ),
                        status => {
                            format!("`{name}` in the .docx is damaged (deflate: {status:?})")
                        }
                    },
                )?
            }
            other => {
                return Err(format!(
                    "`{name}` in the .docx is compressed with {other}, which is not read (only stored and deflate are)"
                ))
            }
        };
        out[k] = Some(unpacked);
    }
    Ok(out)
}

fn is_w(n: roxmltree::Node<'_, '_>) -> bool {
    n.is_element() && matches!(n.tag_name().namespace(), Some(W) | Some(W_STRICT))
}

fn is_w_named(n: roxmltree::Node<'_, '_>, name: &str) -> bool {
    is_w(n) && n.tag_name().name() == name
}

fn w_child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| is_w_named(*c, name))
}

/// The `w:val` attribute.
fn val<'a>(n: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    n.attribute((W, "val"))
        .or_else(|| n.attribute((W_STRICT, "val")))
}

/// An on/off property (`w:b`, `w:i`): on unless `w:val` says false.
fn on_off(n: roxmltree::Node<'_, '_>) -> bool {
    !matches!(val(n), Some("0" | "false" | "off"))
}

/// What a paragraph style (with its `basedOn` chain) makes of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Subtitle,
    Heading(u8),
    Kicker,
    Byline,
    Body,
}

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
}

/// `word/styles.xml`: styles by id.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
}

impl Styles {
    fn read(doc: &roxmltree::Document<'_>) -> Styles {
        let mut by_id = HashMap::new();
        for s in doc.descendants().filter(|n| is_w_named(*n, "style")) {
            let Some(id) = s
                .attribute((W, "styleId"))
                .or_else(|| s.attribute((W_STRICT, "styleId")))
            else {
                continue;
            };
            let ppr = w_child(s, "pPr");
            let rpr = w_child(s, "rPr");
            let style = Style {
                name: w_child(s, "name")
                    .and_then(val)
                    .unwrap_or("")
                    .trim()
                    .to_lowercase(),
                based_on: w_child(s, "basedOn").and_then(val).map(str::to_string),
                outline: ppr
                    .and_then(|p| w_child(p, "outlineLvl"))
                    .and_then(val)
                    .and_then(|v| v.parse().ok()),
                num_id: ppr
                    .and_then(|p| w_child(p, "numPr"))
                    .and_then(|n| w_child(n, "numId"))
                    .and_then(val)
                    .map(str::to_string),
                bold: rpr.and_then(|r| w_child(r, "b")).map(on_off),
                italic: rpr.and_then(|r| w_child(r, "i")).map(on_off),
            };
            by_id.insert(id.to_string(), style);
        }
        Styles { by_id }
    }

    /// The style `id` and its `basedOn` ancestors (at most 16, so a loop ends).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = id;
        while let Some(s) = next.and_then(|id| self.by_id.get(id)) {
            if out.len() >= 16 {
                break;
            }
            out.push(s);
            next = s.based_on.as_deref();
        }
        out
    }

    /// The role a paragraph style gives, by name (English or Chinese) or outline level.
    fn role(&self, id: Option<&str>) -> Role {
        for s in self.chain(id) {
            if let Some(role) = role_by_name(&s.name) {
                return role;
            }
            if let Some(level) = s.outline.filter(|l| *l < 9) {
                return Role::Heading(level + 1);
            }
        }
        Role::Body
    }
}

fn role_by_name(name: &str) -> Option<Role> {
    Some(match name {
        "title" | "标题" => Role::Title,
        "subtitle" | "副标题" | "副题" => Role::Subtitle,
        "kicker" | "引题" | "肩题" => Role::Kicker,
        "byline" | "署名" => Role::Byline,
        _ => {
            let level = name
                .strip_prefix("heading")
                .or_else(|| name.strip_prefix("标题"))?
                .trim();
            Role::Heading(level.parse().ok().filter(|l| (1..=9).contains(l))?)
        }
    })
}

/// `word/numbering.xml`: for each `w:num`, per level, whether it is a bullet and its
/// start value.
#[derive(Debug, Default)]
struct Numbering {
    levels: HashMap<String, HashMap<u8, (bool, u32)>>,
}

impl Numbering {
    fn read(doc: &roxmltree::Document<'_>) -> Numbering {
        let mut abstracts: HashMap<&str, HashMap<u8, (bool, u32)>> = HashMap::new();
        for a in doc.descendants().filter(|n| is_w_named(*n, "abstractNum")) {
            let Some(id) = a
                .attribute((W, "abstractNumId"))
                .or_else(|| a.attribute((W_STRICT, "abstractNumId")))
            else {
                continue;
            };
            let mut levels = HashMap::new();
            for l in a.children().filter(|c| is_w_named(*c, "lvl")) {
                let Some(ilvl) = l
                    .attribute((W, "ilvl"))
                    .or_else(|| l.attribute((W_STRICT, "ilvl")))
                    .and_then(|v| v.parse().ok())
                else {
                    continue;
                };
                let fmt = w_child(l, "numFmt").and_then(val).unwrap_or("decimal");
                let start = w_child(l, "start")
                    .and_then(val)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                levels.insert(ilvl, (matches!(fmt, "bullet" | "none"), start));
            }
            abstracts.insert(id, levels);
        }
        let mut levels = HashMap::new();
        for n in doc.descendants().filter(|n| is_w_named(*n, "num")) {
            let id = n
                .attribute((W, "numId"))
                .or_else(|| n.attribute((W_STRICT, "numId")));
            let abs = w_child(n, "abstractNumId").and_then(val);
            if let (Some(id), Some(l)) = (id, abs.and_then(|a| abstracts.get(a))) {
                levels.insert(id.to_string(), l.clone());
            }
        }
        Numbering { levels }
    }
}

/// One paragraph read: its role, list membership and text.
struct Para {
    role: Role,
    list: Option<(String, u8)>,
    block: DraftBlock,
}

struct Reader<'a> {
    path: &'a Path,
    styles: &'a Styles,
    numbering: &'a Numbering,
    /// Paragraphs seen so far (every `w:p`, empty ones too).
    count: usize,
    paras: Vec<Para>,
    diags: Diagnostics,
}

impl<'a> Reader<'a> {
    fn new(path: &'a Path, styles: &'a Styles, numbering: &'a Numbering) -> Self {
        Reader {
            path,
            styles,
            numbering,
            count: 0,
            paras: Vec::new(),
            diags: Diagnostics::new(),
        }
    }

    fn warn(&mut self, paragraph: usize, message: impl Into<String>, hint: &str) {
        let mut d = At::Paragraph(paragraph).locate(Diagnostic::warning(message), self.path);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    fn read(mut self, doc: &roxmltree::Document<'_>) -> Result<Draft, Diagnostics> {
        let root = doc.root_element();
        let Some(body) = w_child(root, "body") else {
            return Err(Diagnostic::error("`word/document.xml` has no `w:body`")
                .in_file(self.path)
                .into());
        };
        self.blocks(body);
        self.assemble()
    }

    /// Body-level content: paragraphs, tables, content controls.
    fn blocks(&mut self, node: roxmltree::Node<'_, '_>) {
        for c in node.children().filter(|c| c.is_element()) {
            if !is_w(c) {
                continue;
            }
            match c.tag_name().name() {
                "p" => self.paragraph(c),
                "tbl" => {
                    self.warn(
                        self.count + 1,
                        "a table is set as its cells' paragraphs, one after another",
                        "tables are not set in story text; give the figures as text or as a picture",
                    );
                    for p in c.descendants().filter(|d| is_w_named(*d, "p")) {
                        self.paragraph(p);
                    }
                }
                "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo" => self.blocks(c),
                "sectPr" | "sdtPr" | "sdtEndPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr"
                | "permStart" | "permEnd" | "del" | "moveFrom" | "commentRangeStart"
                | "commentRangeEnd" | "moveFromRangeStart" | "moveFromRangeEnd"
                | "moveToRangeStart" | "moveToRangeEnd" => {}
                other => {
                    let text = w_text(c);
                    if !text.trim().is_empty() {
                        self.warn(
                            self.count + 1,
                            format!("unknown element `w:{other}`: its text is set as a paragraph"),
                            "",
                        );
                        self.count += 1;
                        let mut b = DraftBlock::new(
                            BlockKind::Paragraph,
                            self.count,
                            At::Paragraph(self.count),
                        );
                        b.push(&text, Face::Regular);
                        self.paras.push(Para {
                            role: Role::Body,
                            list: None,
                            block: b,
                        });
                    }
                }
            }
        }
    }

    fn paragraph(&mut self, p: roxmltree::Node<'_, '_>) {
        self.count += 1;
        let n = self.count;
        let ppr = w_child(p, "pPr");
        let style = ppr.and_then(|p| w_child(p, "pStyle")).and_then(val);
        let mut role = self.styles.role(style);
        if let Some(level) = ppr
            .and_then(|p| w_child(p, "outlineLvl"))
            .and_then(val)
            .and_then(|v| v.parse::<u8>().ok())
        {
            role = if level < 9 {
                Role::Heading(level + 1)
            } else {
                Role::Body
            };
        }
        let num_pr = ppr.and_then(|p| w_child(p, "numPr"));
        let num_id = num_pr
            .and_then(|n| w_child(n, "numId"))
            .and_then(val)
            .map(str::to_string)
            .or_else(|| {
                self.styles
                    .chain(style)
                    .iter()
                    .find_map(|s| s.num_id.clone())
            })
            .filter(|id| id != "0");
        let ilvl = num_pr
            .and_then(|n| w_child(n, "ilvl"))
            .and_then(val)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0u8)
            .min(8);
        let mut block = DraftBlock::new(BlockKind::Paragraph, n, At::Paragraph(n));
        self.content(p, &mut block, n);
        self.paras.push(Para {
            role,
            list: num_id.map(|id| (id, ilvl)),
            block,
        });
    }

    /// Paragraph content: runs, and the containers runs come in.
    fn content(&mut self, node: roxmltree::Node<'_, '_>, b: &mut DraftBlock, n: usize) {
        for c in node.children().filter(|c| c.is_element()) {
            if !is_w(c) {
                // Office Math, markup compatibility wrappers: read what runs they hold.
                let before = b.raw().len();
                self.content(c, b, n);
                if c.tag_name().name().starts_with("oMath") {
                    self.warn(n, "an equation is not set", "write it as text");
                } else if b.raw().len() == before && c.descendants().any(|d| is_w_named(d, "t")) {
                    self.warn(
                        n,
                        format!("the text inside `{}` is not set", c.tag_name().name()),
                        "",
                    );
                }
                continue;
            }
            match c.tag_name().name() {
                "r" => self.run(c, b, n),
                "ins" | "moveTo" | "hyperlink" | "smartTag" | "customXml" | "fldSimple" | "sdt"
                | "sdtContent" | "dir" | "bdo" => self.content(c, b, n),
                // Tracked deletions and moves away: accepted, so gone.
                "del" | "moveFrom" => {}
                "pPr"
                | "sdtPr"
                | "sdtEndPr"
                | "bookmarkStart"
                | "bookmarkEnd"
                | "commentRangeStart"
                | "commentRangeEnd"
                | "proofErr"
                | "permStart"
                | "permEnd"
                | "moveFromRangeStart"
                | "moveFromRangeEnd"
                | "moveToRangeStart"
                | "moveToRangeEnd"
                | "customXmlInsRangeStart"
                | "customXmlInsRangeEnd"
                | "customXmlDelRangeStart"
                | "customXmlDelRangeEnd" => {}
                other => {
                    self.warn(
                        n,
                        format!("unknown element `w:{other}`: its text is set as plain text"),
                        "",
                    );
                    b.push(&w_text(c), Face::Regular);
                }
            }
        }
    }

    /// The face of a run: its own `w:b` / `w:i`, else its character style's.
    fn face(&self, r: roxmltree::Node<'_, '_>) -> Face {
        let rpr = w_child(r, "rPr");
        let chain = self
            .styles
            .chain(rpr.and_then(|p| w_child(p, "rStyle")).and_then(val));
        let prop = |name: &str, of_style: fn(&Style) -> Option<bool>| {
            rpr.and_then(|p| w_child(p, name))
                .map(on_off)
                .or_else(|| chain.iter().find_map(|s| of_style(s)))
                .unwrap_or(false)
        };
        if prop("b", |s| s.bold) {
            Face::Strong
        } else if prop("i", |s| s.italic) {
            Face::Emphasis
        } else {
            Face::Regular
        }
    }

    fn run(&mut self, r: roxmltree::Node<'_, '_>, b: &mut DraftBlock, n: usize) {
        let face = self.face(r);
        for c in r.children().filter(|c| c.is_element()) {
            if !is_w(c) {
                if c.descendants().any(|d| is_w_named(d, "t")) {
                    self.warn(
                        n,
                        format!(
                            "a text box or drawing (`{}`) is not set",
                            c.tag_name().name()
                        ),
                        "put its text in the story's paragraphs",
                    );
                }
                continue;
            }
            match c.tag_name().name() {
                "t" => b.push(c.text().unwrap_or(""), face),
                "tab" | "ptab" => b.push(" ", face),
                "br" | "cr" => b.push("\n", face),
                "noBreakHyphen" => b.push("\u{2011}", face),
                "footnoteReference" | "endnoteReference" => {
                    let what = if c.tag_name().name() == "footnoteReference" {
                        "footnote"
                    } else {
                        "endnote"
                    };
                    let id = c
                        .attribute((W, "id"))
                        .or_else(|| c.attribute((W_STRICT, "id")))
                        .unwrap_or("?");
                    self.warn(
                        n,
                        format!("{what} reference (id {id}): the {what}'s text is not set"),
                        "newspaper stories have no footnotes: put the note in the text",
                    );
                }
                "drawing" | "pict" | "object" => self.warn(
                    n,
                    "a picture in the document is not set",
                    "place pictures with [[page.photo]] in the issue",
                ),
                "sym" => self.warn(
                    n,
                    "a symbol-font character (`w:sym`) is not set",
                    "type the character itself",
                ),
                "rPr"
                | "lastRenderedPageBreak"
                | "fldChar"
                | "instrText"
                | "delText"
                | "delInstrText"
                | "commentReference"
                | "annotationRef"
                | "footnoteRef"
                | "endnoteRef"
                | "separator"
                | "continuationSeparator"
                | "softHyphen"
                | "proofErr" => {}
                other => {
                    let text = w_text(c);
                    self.warn(
                        n,
                        format!("unknown run element `w:{other}`: its text is set as plain text"),
                        "",
                    );
                    b.push(&text, face);
                }
            }
        }
    }

    /// The headline paragraph: the first with the Title style, else Heading 1, else a
    /// first paragraph that is a short line (no list, no 。). `None` (an error is
    /// recorded) when there is none.
    fn find_headline(&mut self) -> Option<usize> {
        let nonempty = |p: &Para| !crate::linebreak::normalize_wire_text(&p.block.raw()).is_empty();
        let styled = self
            .paras
            .iter()
            .position(|p| p.role == Role::Title && nonempty(p))
            .or_else(|| {
                self.paras
                    .iter()
                    .position(|p| p.role == Role::Heading(1) && nonempty(p))
            });
        if styled.is_some() {
            return styled;
        }
        let first = self.paras.iter().position(nonempty);
        let plain = first.filter(|&i| {
            let p = &self.paras[i];
            let text = crate::linebreak::normalize_wire_text(&p.block.raw());
            p.list.is_none() && text.chars().count() <= MAX_PLAIN_HEADLINE && !text.contains('。')
        });
        if plain.is_none() {
            let mut d = Diagnostic::error(
                "the document has no headline: no paragraph has the Title or Heading 1 style, and the first paragraph is not a short line",
            )
            .in_file(self.path)
            .with_hint("give the headline paragraph the Title (标题) or Heading 1 (标题 1) style");
            if let Some(i) = first {
                d = d.with_hint(format!(
                    "or start the document with the headline on a line of its own ({MAX_PLAIN_HEADLINE} characters at most, no 。); paragraph {} is not one",
                    self.paras[i].block.line
                ));
            }
            self.diags.push(d);
        }
        plain
    }

    /// The list item kind of a numbered or bullet paragraph of list `id` at level `ilvl`:
    /// its number counted per list and level (a deeper level restarts), from the
    /// level's `start`; a list without a numbering definition is a bullet list.
    fn list_item(&self, counters: &mut HashMap<String, [u32; 9]>, id: &str, ilvl: u8) -> BlockKind {
        let levels = self.numbering.levels.get(id);
        let (bullet, start) = levels
            .and_then(|l| l.get(&ilvl))
            .copied()
            .unwrap_or((levels.is_none(), 1));
        let c = counters.entry(id.to_string()).or_insert([0; 9]);
        let k = usize::from(ilvl);
        c[k] = if c[k] == 0 {
            start
        } else {
            c[k].saturating_add(1)
        };
        for deeper in c.iter_mut().skip(k + 1) {
            *deeper = 0;
        }
        BlockKind::ListItem {
            number: (!bullet).then_some(c[k]),
        }
    }

    /// Roles to article fields and blocks (see the module doc).
    fn assemble(mut self) -> Result<Draft, Diagnostics> {
        let mut draft = Draft::default();
        let Some(headline_at) = self.find_headline() else {
            return Err(self.diags);
        };
        let mut counters: HashMap<String, [u32; 9]> = HashMap::new();
        let paras = std::mem::take(&mut self.paras);
        for (i, p) in paras.into_iter().enumerate() {
            let text = p.block.raw();
            if i == headline_at {
                draft.headline = text;
                continue;
            }
            let join = |field: &mut String| {
                if !field.is_empty() {
                    field.push(' ');
                }
                field.push_str(&text);
            };
            let mut block = p.block;
            match p.role {
                Role::Subtitle => {
                    join(&mut draft.subhead);
                    continue;
                }
                Role::Kicker => {
                    join(&mut draft.kicker);
                    continue;
                }
                Role::Byline => {
                    join(&mut draft.byline);
                    continue;
                }
                Role::Title | Role::Heading(_) => block.kind = BlockKind::Intertitle,
                Role::Body => {
                    if let Some((id, ilvl)) = &p.list {
                        block.kind = self.list_item(&mut counters, id, *ilvl);
                    }
                }
            }
            if i < headline_at && nonempty_text(&text) {
                self.warn(
                    block.line,
                    "this paragraph comes before the headline; it is set as body text",
                    "give it the Kicker (引题) style if it is the kicker, or move it below the headline",
                );
            }
            draft.blocks.push(block);
        }
        draft.diags = self.diags;
        Ok(draft)
    }
}

fn nonempty_text(s: &str) -> bool {
    !crate::linebreak::normalize_wire_text(s).is_empty()
}

/// The `w:t` text under a node (for elements read as plain text).
fn w_text(n: roxmltree::Node<'_, '_>) -> String {
    n.descendants()
        .filter(|d| is_w_named(*d, "t"))
        .filter_map(|d| d.text())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)] // tests may panic
pub(crate) mod tests {
    use super::*;

    /// A zip archive of `(name, data, declared uncompressed size, deflate?)` entries,
    /// written by hand so a test can make any archive (a lying size, a bomb).
    pub fn zip(entries: &[(&str, &[u8], Option<u32>, bool)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data, declared, deflate) in entries {
            let packed = if *deflate {
                miniz_oxide::deflate::compress_to_vec(data, 1)
            } else {
                data.to_vec()
            };
            let size = declared.unwrap_or(data.len() as u32);
            let crc = 0u32;
            let method: u16 = if *deflate { 8 } else { 0 };
            let offset = out.len() as u32;
            let header = |sig: u32, central_dir: bool| {
                let mut h = Vec::new();
                h.extend_from_slice(&sig.to_le_bytes());
                if central_dir {
                    h.extend_from_slice(&20u16.to_le_bytes());
                }
                h.extend_from_slice(&20u16.to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes());
                h.extend_from_slice(&method.to_le_bytes());
                h.extend_from_slice(&0u32.to_le_bytes()); // time, date
                h.extend_from_slice(&crc.to_le_bytes());
                h.extend_from_slice(&(packed.len() as u32).to_le_bytes());
                h.extend_from_slice(&size.to_le_bytes());
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes());
                if central_dir {
                    h.extend_from_slice(&[0; 6]); // comment len, disk, internal attrs
                    h.extend_from_slice(&0u32.to_le_bytes());
                    h.extend_from_slice(&offset.to_le_bytes());
                }
                h.extend_from_slice(name.as_bytes());
                h
            };
            out.extend(header(0x0403_4b50, false));
            out.extend_from_slice(&packed);
            central.extend(header(0x0201_4b50, true));
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        let n = entries.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    /// A document.xml with `body` inside `w:body`.
    pub fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
        )
    }

    fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir =
            crate::test_scratch_root().join(format!("broadsheet-docx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn cleanup(p: &Path) {
        let _ = std::fs::remove_file(p);
        let _ = std::fs::remove_dir(p.parent().unwrap());
    }

    fn read_body(name: &str, body: &str) -> Result<crate::spec::model::Article, Diagnostics> {
        let doc = document(body);
        let bytes = zip(&[("word/document.xml", doc.as_bytes(), None, true)]);
        let p = scratch(name, &bytes);
        let out = read(&p, "d");
        cleanup(&p);
        out
    }

    fn para(style: &str, runs: &str) -> String {
        let ppr = if style.is_empty() {
            String::new()
        } else {
            format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
        };
        format!("<w:p>{ppr}{runs}</w:p>")
    }

    fn t(text: &str) -> String {
        format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    #[test]
    fn tracked_changes_are_accepted_and_faces_read() {
        let body = [
            para("", &t("短标题")),
            para(
                "",
                &format!(
                    "{}<w:ins w:id=\"1\" w:author=\"编辑\">{}</w:ins><w:del w:id=\"2\" w:author=\"编辑\"><w:r><w:delText>删去的话</w:delText></w:r></w:del><w:moveFrom w:id=\"3\">{}</w:moveFrom><w:r><w:rPr><w:b/></w:rPr><w:t>加粗</w:t></w:r><w:r><w:rPr><w:i/><w:b w:val=\"0\"/></w:rPr><w:t>斜体</w:t></w:r><w:r><w:tab/><w:t>Tab</w:t><w:br/><w:t>后</w:t></w:r>",
                    t("原文"),
                    t("插入的字"),
                    t("移走的字")
                ),
            ),
        ]
        .concat();
        let a = read_body("tracked.docx", &body).unwrap();
        assert_eq!(a.headline, "短标题");
        assert_eq!(a.blocks.len(), 1);
        let b = &a.blocks[0];
        assert_eq!(&*b.text, "原文插入的字加粗斜体 Tab后");
        assert_eq!(b.line, 2);
        let runs: Vec<(&str, Face)> = b
            .inlines
            .iter()
            .map(|i| (&b.text[i.range.clone()], i.face))
            .collect();
        assert_eq!(runs, vec![("加粗", Face::Strong), ("斜体", Face::Emphasis)]);
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn footnote_reference_is_a_warning_at_its_paragraph() {
        let body = [
            para("", &t("标题")),
            para("", &t("第一段。")),
            para(
                "",
                &format!(
                    "{}<w:r><w:footnoteReference w:id=\"1\"/></w:r>",
                    t("第二段。")
                ),
            ),
        ]
        .concat();
        let a = read_body("footnote.docx", &body).unwrap();
        assert_eq!(a.texts().collect::<Vec<_>>(), vec!["第一段。", "第二段。"]);
        let w: Vec<String> = a.warnings.iter().map(|d| d.to_string()).collect();
        assert_eq!(w.len(), 1);
        assert!(
            w[0].contains("footnote.docx: warning: paragraph 3: footnote reference (id 1)"),
            "{w:?}"
        );
    }

    #[test]
    fn long_first_paragraph_without_heading_is_an_error_with_a_hint() {
        let err = read_body(
            "nohead.docx",
            &para(
                "",
                &t("这是一段很长的正文，没有标题样式，也不是短短的一行，所以不能当作标题来用。"),
            ),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("the document has no headline"), "{text}");
        assert!(text.contains("Title (标题) or Heading 1"), "{text}");
    }

    #[test]
    fn missing_document_xml_is_an_error_naming_the_file() {
        let bytes = zip(&[("word/styles.xml", b"<x/>", None, false)]);
        let p = scratch("empty.docx", &bytes);
        let err = read(&p, "d").unwrap_err();
        cleanup(&p);
        let first = err.0[0].to_string();
        assert!(
            first.contains("empty.docx: error: the .docx has no `word/document.xml`"),
            "{first}"
        );
        // Not a zip at all.
        let p = scratch("text.docx", b"plain text, not a zip");
        let err = read(&p, "d").unwrap_err();
        cleanup(&p);
        assert!(
            err.to_string().contains("not a readable zip archive"),
            "{err}"
        );
    }

    #[test]
    fn zip_bomb_stops_at_the_part_limit_quickly() {
        // 80 MiB of zeros deflate to ~80 KiB; the entry lies that it is 1 KiB.
        let zeros = vec![b' '; 80 << 20];
        let bytes = zip(&[("word/document.xml", &zeros, Some(1024), true)]);
        assert!(bytes.len() < 1 << 20);
        let p = scratch("bomb.docx", &bytes);
        let started = std::time::Instant::now();
        let err = read(&p, "d").unwrap_err();
        let took = started.elapsed();
        cleanup(&p);
        assert!(
            err.to_string()
                .contains("`word/document.xml` in the .docx unpacks to more than 64 MiB"),
            "{err}"
        );
        assert!(took.as_millis() < 1000, "took {took:?}");
        // A declared size over the limit is refused before inflating.
        let bytes = zip(&[("word/document.xml", b"<x/>", Some(u32::MAX), false)]);
        let p = scratch("big.docx", &bytes);
        let err = read(&p, "d").unwrap_err();
        cleanup(&p);
        assert!(
            err.to_string()
                .contains("says it unpacks to 4294967295 bytes"),
            "{err}"
        );
    }

    #[test]
    fn styles_give_headline_subhead_intertitles_and_lists() {
        let styles = format!(
            r#"<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="副标题"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="My"><w:name w:val="My Head"/><w:basedOn w:val="Heading2"/></w:style>
<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"#
        );
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#
        );
        let body = [
            para("Title", &t("主标题")),
            para("a3", &t("副标题文字")),
            para("", "<w:r><w:rPr><w:rStyle w:val=\"Strong\"/></w:rPr><w:t>强调</w:t></w:r><w:r><w:t>正文。</w:t></w:r>"),
            para("My", &t("小标题")),
            para("ListNumber", &t("第一条")),
            para("ListNumber", &t("第二条")),
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"6\"/></w:numPr></w:pPr><w:r><w:t>要点</w:t></w:r></w:p>".to_string(),
            "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>大纲三级</w:t></w:r></w:p>".to_string(),
        ]
        .concat();
        let doc = document(&body);
        let bytes = zip(&[
            ("word/document.xml", doc.as_bytes(), None, true),
            ("word/styles.xml", styles.as_bytes(), None, false),
            ("word/numbering.xml", numbering.as_bytes(), None, true),
        ]);
        let p = scratch("styled.docx", &bytes);
        let a = read(&p, "d").unwrap_or_else(|e| panic!("{e}"));
        cleanup(&p);
        assert_eq!(a.headline, "主标题");
        assert_eq!(a.subhead, "副标题文字");
        let kinds: Vec<(BlockKind, &str, usize)> = a
            .blocks
            .iter()
            .map(|b| (b.kind, &*b.text, b.line))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Paragraph, "强调正文。", 3),
                (BlockKind::Intertitle, "小标题", 4),
                (BlockKind::ListItem { number: Some(1) }, "第一条", 5),
                (BlockKind::ListItem { number: Some(2) }, "第二条", 6),
                (BlockKind::ListItem { number: None }, "要点", 7),
                (BlockKind::Intertitle, "大纲三级", 8),
            ]
        );
        assert_eq!(a.blocks[0].inlines.len(), 1);
        assert_eq!(a.blocks[0].inlines[0].face, Face::Strong);
        assert_eq!(a.blocks[0].inlines[0].range, 0.."强调".len());
    }
}
