//! Articles in the formats newsroom copy arrives in, read into the same [`Article`]
//! as a `.txt` article (README "Articles"): by file type, `.xml` by its root element
//! — IPTC NITF 3.x `nitf` ([`nitf`]) or IPTC NewsML-G2 `newsItem` / `newsMessage`
//! ([`newsml`]) — and Office Open XML word-processing documents, `.docx` ([`docx`]).
//!
//! Every reader collects the text of a block as runs of one face and hands them to
//! [`Draft::into_article`], which normalises them as wire copy with
//! [`normalize_wire_pieces`](crate::linebreak::normalize::normalize_wire_pieces) (the rule the article format uses), so imported copy and
//! a `.txt` article set alike. Errors name the file and the XML line:column or the
//! docx paragraph; elements a reader does not know keep their text and give a located
//! warning (nothing is dropped silently).

pub mod docx;
pub mod newsml;
pub mod nitf;

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, LineCol};
use crate::linebreak::normalize_wire_text;
use crate::spec::model::{Article, BlockKind, BodyBlock, Face, Media};
use crate::spec::pieces::{set_pieces, Piece};

/// XML documents larger than this many nodes are refused (a normal story has a few
/// hundred).
const XML_NODES_LIMIT: u32 = 2_000_000;

/// Read `path` with the reader its type asks for: `Some` for `.xml` and `.docx`
/// (whatever the outcome), `None` for any other file (a `.txt` article).
pub fn read_by_type(path: &Path, id: &str) -> Option<Result<Article, Diagnostics>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("xml") => Some(read_xml(path, id)),
        Some("docx") => Some(docx::read(path, id)),
        _ => None,
    }
}

/// An XML article: parsed safely (see [`parse_xml`]), then read by the reader its
/// root element names.
fn read_xml(path: &Path, id: &str) -> Result<Article, Diagnostics> {
    let src = crate::spec::decode::read_text(path)?;
    let text = src.text.strip_prefix('\u{FEFF}').unwrap_or(&src.text);
    let doc = parse_xml(text).map_err(|e| e.in_file(path))?;
    let root = doc.root_element();
    let xml = Xml { path, doc: &doc };
    let draft = match root.tag_name().name() {
        "nitf" => nitf::read(&xml, root)?,
        "newsItem" | "newsMessage" => newsml::read(&xml, root)?,
        other => {
            return Err(xml
                .error(
                    root,
                    format!("the XML root element `{other}` is not an article format"),
                )
                .with_hint(
                    "broadsheet reads IPTC NITF (`<nitf>`) and NewsML-G2 (`<newsItem>`) \
                     files, .docx documents and .txt articles",
                )
                .into())
        }
    };
    let mut article = draft.into_article(path, id)?;
    article.encoding = src.encoding;
    Ok(article)
}

/// Parse XML text with roxmltree, refusing what could make reading it explode: a
/// document type declaration may name an external DTD (which is never fetched) but
/// may not declare entities (`<!ENTITY`), so no entity expansion ("billion laughs")
/// can happen; the node count is bounded. Errors carry the line and column.
pub fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, Diagnostic> {
    let opts = |allow_dtd| roxmltree::ParsingOptions {
        allow_dtd,
        nodes_limit: XML_NODES_LIMIT,
    };
    let located = |e: roxmltree::Error| {
        let pos = e.pos();
        Diagnostic::error(format!("malformed XML ({e})")).at(LineCol {
            line: pos.row as usize,
            col: pos.col as usize,
        })
    };
    match roxmltree::Document::parse_with_options(text, opts(false)) {
        Err(roxmltree::Error::DtdDetected) => {
            if let Some(at) = text.find("<!ENTITY") {
                return Err(Diagnostic::error(
                    "the XML declares entities (`<!ENTITY`), which are not accepted",
                )
                .at_offset(text, at)
                .with_hint("remove the internal DTD subset; write the characters themselves"));
            }
            roxmltree::Document::parse_with_options(text, opts(true)).map_err(located)
        }
        other => other.map_err(located),
    }
}

/// An XML file being read, for locating messages at a node.
pub struct Xml<'a, 'input> {
    pub path: &'a Path,
    pub doc: &'a roxmltree::Document<'input>,
}

impl Xml<'_, '_> {
    /// Line and column (1-based) where `node` starts.
    pub fn pos(&self, node: roxmltree::Node<'_, '_>) -> LineCol {
        let p = self.doc.text_pos_at(node.range().start);
        LineCol {
            line: p.row as usize,
            col: p.col as usize,
        }
    }

    pub fn error(&self, node: roxmltree::Node<'_, '_>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.path)
            .at(self.pos(node))
    }

    pub fn warning(&self, node: roxmltree::Node<'_, '_>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(message)
            .in_file(self.path)
            .at(self.pos(node))
    }
}

/// All the text under `node`, in document order (element wrappers such as NITF
/// `person` dropped, their words kept).
pub fn all_text(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// The element children of `n` named `name` in namespace `ns`.
pub fn named<'a, 'i, 'q>(
    n: roxmltree::Node<'a, 'i>,
    name: &'q str,
    ns: Option<&'q str>,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'q
where
    'a: 'q,
    'i: 'q,
{
    n.children().filter(move |c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == ns
    })
}

/// How an inline element of XHTML or NITF is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineRole {
    /// Its text in this face.
    Face(Face),
    /// Its text in the surrounding face (links, names, `span`).
    Transparent,
    /// A line break (`br`): joins like a wire line break.
    Break,
}

/// Text pieces of one block, each in one face, plus where the block came from.
#[derive(Debug, Clone)]
pub struct DraftBlock {
    pub kind: BlockKind,
    pub pieces: Vec<(String, Face)>,
    /// XML line, or docx paragraph number (1-based).
    pub line: usize,
    /// How to locate a message about this block.
    pub at: At,
}

/// Where a draft block is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A position in an XML file.
    Xml(LineCol),
    /// A paragraph (1-based) of a .docx document.
    Paragraph(usize),
}

impl At {
    /// A diagnostic at this place of file `path`.
    pub fn locate(self, d: Diagnostic, path: &Path) -> Diagnostic {
        match self {
            At::Xml(pos) => d.in_file(path).at(pos),
            At::Paragraph(n) => {
                let message = format!("paragraph {n}: {}", d.message);
                Diagnostic { message, ..d }.in_file(path)
            }
        }
    }
}

impl DraftBlock {
    pub fn new(kind: BlockKind, line: usize, at: At) -> DraftBlock {
        DraftBlock {
            kind,
            pieces: Vec::new(),
            line,
            at,
        }
    }

    /// Add text in `face` (joined to the last piece when the face is the same).
    pub fn push(&mut self, text: &str, face: Face) {
        match self.pieces.last_mut() {
            Some((t, f)) if *f == face => t.push_str(text),
            _ => self.pieces.push((text.to_string(), face)),
        }
    }

    /// The block's raw text (for messages and headline rules).
    pub fn raw(&self) -> String {
        self.pieces.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// What a reader found, before normalisation.
#[derive(Debug, Default)]
pub struct Draft {
    pub kicker: String,
    pub headline: String,
    pub subhead: String,
    pub byline: String,
    /// Set before the first paragraph (see [`Draft::into_article`]).
    pub dateline: String,
    pub blocks: Vec<DraftBlock>,
    pub media: Vec<Media>,
    /// Warnings (and errors) found while reading.
    pub diags: Diagnostics,
}

impl Draft {
    /// Normalise everything into an article. The dateline (NITF `dateline`, NewsML-G2
    /// `dateline`) opens the first paragraph followed by an ideographic space, the way
    /// Chinese papers print `新华社北京2月7日电　…` or `本报衡阳讯　…`. An article with no
    /// headline or no body text is an error.
    pub fn into_article(self, path: &Path, id: &str) -> Result<Article, Diagnostics> {
        let Draft {
            kicker,
            headline,
            subhead,
            byline,
            dateline,
            mut blocks,
            media,
            mut diags,
        } = self;
        open_with_dateline(&mut blocks, &normalize_wire_text(&dateline));
        let mut out = Vec::new();
        for b in blocks {
            let (block, dropped) = finish_block(&b);
            if dropped {
                diags.push(b.at.locate(
                    Diagnostic::warning(
                        "a combining mark right after a change of face joins a character across it: the block is set without its faces",
                    )
                    .with_hint("put the face change before the base character"),
                    path,
                ));
            }
            out.extend(block);
        }
        let headline = normalize_wire_text(&headline);
        if headline.is_empty() {
            diags.push(Diagnostic::error("the article has no headline").in_file(path));
        }
        if out.is_empty() {
            diags.push(Diagnostic::error("the article has no body text").in_file(path));
        }
        report_control_characters(&out, path, id, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Article {
            id: id.to_string(),
            path: path.to_path_buf(),
            kicker: normalize_wire_text(&kicker),
            headline,
            subhead: normalize_wire_text(&subhead),
            byline: normalize_wire_text(&byline),
            blocks: out,
            encoding: None,
            warnings: diags,
            media,
            // The readers take no language from the copy yet.
            language: None,
        })
    }
}

/// Put the dateline (normalised; nothing when empty) at the start of the first paragraph
/// with text, followed by an ideographic space; a paragraph of its own when there is none.
fn open_with_dateline(blocks: &mut Vec<DraftBlock>, dateline: &str) {
    if dateline.is_empty() {
        return;
    }
    let first = blocks
        .iter_mut()
        .find(|b| b.kind == BlockKind::Paragraph && !normalize_wire_text(&b.raw()).is_empty());
    match first {
        Some(b) => b
            .pieces
            .insert(0, (format!("{dateline}\u{3000}"), Face::Regular)),
        None => {
            let mut b = DraftBlock::new(
                BlockKind::Paragraph,
                1,
                At::Xml(LineCol { line: 1, col: 1 }),
            );
            b.push(dateline, Face::Regular);
            blocks.insert(0, b);
        }
    }
}

/// A control character (no glyph) in a block is an error at the block's line, naming the
/// article.
fn report_control_characters(blocks: &[BodyBlock], path: &Path, id: &str, diags: &mut Diagnostics) {
    for b in blocks {
        if let Some(c) = crate::linebreak::control_characters(&b.text).first() {
            diags.push(
                Diagnostic::error(format!(
                    "control character U+{:04X} in article `{id}`",
                    u32::from(c.ch)
                ))
                .in_file(path)
                .at(LineCol {
                    line: b.line,
                    col: 1,
                })
                .with_hint("remove it (it has no glyph)"),
            );
        }
    }
}

/// The block of a draft (`None` when it has no text), and whether its faces had to be
/// dropped (see [`set_pieces`]).
fn finish_block(b: &DraftBlock) -> (Option<BodyBlock>, bool) {
    let pieces: Vec<Piece<'_>> = b
        .pieces
        .iter()
        .map(|(t, face)| (t.as_str(), *face, false))
        .collect();
    let (text, inlines, dropped) = set_pieces(&pieces);
    let block = (!text.is_empty()).then_some(BodyBlock {
        kind: b.kind,
        text: text.into(),
        inlines,
        line: b.line,
    });
    (block, dropped)
}

/// Reading the XHTML-like body of NITF `body.content` and NewsML-G2 XHTML: block
/// elements become blocks, inline elements faces; the format says what each element
/// is through `classify`.
pub struct BodyReader<'x, 'a, 'input> {
    pub xml: &'x Xml<'a, 'input>,
    /// The namespace the body's elements are in (`None`: no namespace).
    pub ns: Option<&'x str>,
    pub blocks: Vec<DraftBlock>,
    pub diags: Diagnostics,
}

/// How a block-level element is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockRole {
    /// One block of this kind from its inline content.
    Block(BlockKind),
    /// A list: each `li` child an item, numbered when `ordered`.
    List { ordered: bool },
    /// A container whose children are blocks again, set as `kind` (paragraphs inside a
    /// quotation become quotation blocks).
    Container(Option<BlockKind>),
    /// Not text (NITF `media`): the reader handles it itself.
    Skip,
}

/// What a format says about its elements.
pub trait Vocabulary {
    /// The format's name for messages ("NITF", "NewsML-G2 XHTML").
    fn name(&self) -> &'static str;
    fn block(&self, local: &str) -> Option<BlockRole>;
    fn inline(&self, local: &str) -> Option<InlineRole>;
}

impl<'x, 'a, 'input> BodyReader<'x, 'a, 'input> {
    pub fn new(xml: &'x Xml<'a, 'input>, ns: Option<&'x str>) -> Self {
        BodyReader {
            xml,
            ns,
            blocks: Vec::new(),
            diags: Diagnostics::new(),
        }
    }

    fn ours(&self, n: roxmltree::Node<'_, '_>) -> bool {
        n.tag_name().namespace() == self.ns
    }

    /// Read the block-level children of `node`; paragraphs become `inside` when given
    /// (the blocks of a quotation).
    pub fn blocks_of(
        &mut self,
        node: roxmltree::Node<'_, '_>,
        vocab: &dyn Vocabulary,
        inside: Option<BlockKind>,
    ) {
        for child in node.children() {
            if child.is_text() {
                let text = child.text().unwrap_or("");
                if !normalize_wire_text(text).is_empty() {
                    self.diags.push(self.xml.warning(
                        child,
                        format!(
                            "text outside a paragraph in the {} body; set as a paragraph",
                            vocab.name()
                        ),
                    ));
                    let mut b = self.draft(child, inside.unwrap_or(BlockKind::Paragraph));
                    b.push(text, Face::Regular);
                    self.blocks.push(b);
                }
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let local = child.tag_name().name();
            let role = if self.ours(child) {
                vocab.block(local)
            } else {
                None
            };
            match role {
                Some(BlockRole::Block(kind)) => {
                    let kind = match (kind, inside) {
                        (BlockKind::Paragraph, Some(k)) => k,
                        (k, _) => k,
                    };
                    let mut b = self.draft(child, kind);
                    self.inlines(child, vocab, Face::Regular, &mut b);
                    self.blocks.push(b);
                }
                Some(BlockRole::List { ordered }) => self.list(child, vocab, ordered),
                Some(BlockRole::Container(kind)) => self.blocks_of(child, vocab, kind.or(inside)),
                Some(BlockRole::Skip) => {}
                None => {
                    if vocab.inline(local).is_some() && self.ours(child) {
                        // Inline markup directly in the body: a paragraph of its own.
                        let mut b = self.draft(child, inside.unwrap_or(BlockKind::Paragraph));
                        self.inline_element(child, vocab, Face::Regular, &mut b);
                        self.blocks.push(b);
                    } else {
                        self.unknown(child, vocab);
                        let mut b = self.draft(child, inside.unwrap_or(BlockKind::Paragraph));
                        self.inlines(child, vocab, Face::Regular, &mut b);
                        self.blocks.push(b);
                    }
                }
            }
        }
    }

    fn draft(&self, node: roxmltree::Node<'_, '_>, kind: BlockKind) -> DraftBlock {
        let pos = self.xml.pos(node);
        DraftBlock::new(kind, pos.line, At::Xml(pos))
    }

    fn unknown(&mut self, node: roxmltree::Node<'_, '_>, vocab: &dyn Vocabulary) {
        let name = node.tag_name();
        let shown = match name.namespace() {
            Some(ns) if Some(ns) != self.ns => format!("{{{ns}}}{}", name.name()),
            _ => name.name().to_string(),
        };
        self.diags.push(self.xml.warning(
            node,
            format!(
                "unknown {} element `{shown}`: its text is set as plain text",
                vocab.name()
            ),
        ));
    }

    /// A list's `li` children as items (other children: their text as items too,
    /// with a warning).
    fn list(&mut self, node: roxmltree::Node<'_, '_>, vocab: &dyn Vocabulary, ordered: bool) {
        let mut n = 0u32;
        for child in node.children().filter(|c| c.is_element()) {
            if !(self.ours(child) && child.tag_name().name() == "li") {
                self.unknown(child, vocab);
            }
            n = n.saturating_add(1);
            let kind = BlockKind::ListItem {
                number: ordered.then_some(n),
            };
            let mut b = self.draft(child, kind);
            self.inlines(child, vocab, Face::Regular, &mut b);
            self.blocks.push(b);
        }
    }

    /// The inline content of `node` into `b`, in `face`. Block elements inside
    /// (a `p` in an `li`) join like a wire line break.
    pub fn inlines(
        &mut self,
        node: roxmltree::Node<'_, '_>,
        vocab: &dyn Vocabulary,
        face: Face,
        b: &mut DraftBlock,
    ) {
        for child in node.children() {
            if child.is_text() {
                b.push(child.text().unwrap_or(""), face);
            } else if child.is_element() {
                self.inline_element(child, vocab, face, b);
            }
        }
    }

    fn inline_element(
        &mut self,
        child: roxmltree::Node<'_, '_>,
        vocab: &dyn Vocabulary,
        face: Face,
        b: &mut DraftBlock,
    ) {
        let local = child.tag_name().name();
        let ours = self.ours(child);
        match vocab.inline(local).filter(|_| ours) {
            Some(InlineRole::Face(f)) => self.inlines(child, vocab, f, b),
            Some(InlineRole::Transparent) => self.inlines(child, vocab, face, b),
            Some(InlineRole::Break) => b.push("\n", face),
            None => {
                if ours && vocab.block(local).is_some() {
                    b.push("\n", face);
                    self.inlines(child, vocab, face, b);
                    b.push("\n", face);
                } else {
                    self.unknown(child, vocab);
                    self.inlines(child, vocab, face, b);
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn entity_declarations_are_refused_at_their_place() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [\n <!ENTITY a \"aaaaaaaaaa\">\n <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<nitf>&b;</nitf>";
        let started = std::time::Instant::now();
        let err = parse_xml(bomb).unwrap_err();
        assert!(started.elapsed().as_millis() < 500);
        assert!(err.message.contains("declares entities"), "{err}");
        assert_eq!(err.pos, Some(LineCol { line: 3, col: 2 }));
    }

    #[test]
    fn an_external_dtd_is_accepted_and_not_fetched() {
        let doc = parse_xml(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf SYSTEM \"http://example.invalid/nitf.dtd\">\n<nitf/>",
        )
        .unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "nitf");
    }

    #[test]
    fn malformed_xml_is_located() {
        let err = parse_xml("<nitf>\n  <body>\n    <p>文字</b>\n</nitf>").unwrap_err();
        assert_eq!(err.pos, Some(LineCol { line: 3, col: 10 }), "{err}");
        assert!(err.message.starts_with("malformed XML"), "{err}");
    }

    #[test]
    fn faces_become_inlines_of_the_normalised_text() {
        let mut b = DraftBlock::new(BlockKind::Paragraph, 3, At::Paragraph(1));
        b.push("  春运\n", Face::Regular);
        b.push("首日", Face::Strong);
        b.push("旅客\n ", Face::Regular);
        b.push("增多", Face::Emphasis);
        let block = finish_block(&b).0.unwrap();
        assert_eq!(&*block.text, "春运首日旅客增多");
        let runs: Vec<(&str, Face)> = block
            .inlines
            .iter()
            .map(|i| (&block.text[i.range.clone()], i.face))
            .collect();
        assert_eq!(runs, vec![("首日", Face::Strong), ("增多", Face::Emphasis)]);
    }
}
