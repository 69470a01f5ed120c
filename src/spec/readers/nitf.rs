//! IPTC NITF 3.x (News Industry Text Format; 3.6 is the last) stories.
//!
//! | NITF | article |
//! | --- | --- |
//! | `body/body.head/hedline/hl1` (else `head/title`) | headline |
//! | `hedline/hl2` | subhead (several: joined by a space) |
//! | `body.head/byline` (text, `person`/`byttl` wrappers dropped) | byline |
//! | `body.head/dateline` | opens the first paragraph, then U+3000 |
//! | `body.content` `p` | paragraph |
//! | `body.content` `hl2` (and `hl1`) | intertitle (小标题) |
//! | `ul` / `ol` `li` | list items (numbered in `ol`) |
//! | `block`, `body.end` `tagline` | their paragraphs |
//! | `bq` | quotation (its `block`s' paragraphs) |
//! | `note` | editor's note (编者按) |
//! | `em`, `i` / `strong`, `b` | emphasis / strong face |
//! | `media` (`media-reference@source`, `media-caption`, `media-producer`) | the story's pictures ([`Media`]) |
//!
//! Names and other inline elements (`person`, `org`, `location`, `a`, `q`, …) keep
//! their text in the surrounding face. Any other element keeps its text too, with a
//! located warning. NITF has no element for a kicker (引题): it stays empty.

use crate::diag::Diagnostics;
use crate::spec::model::{BlockKind, Face, Media};

use super::{all_text, named, BlockRole, BodyReader, Draft, InlineRole, Vocabulary, Xml};

struct Nitf;

impl Vocabulary for Nitf {
    fn name(&self) -> &'static str {
        "NITF"
    }

    fn block(&self, local: &str) -> Option<BlockRole> {
        Some(match local {
            "p" | "pre" => BlockRole::Block(BlockKind::Paragraph),
            "hl1" | "hl2" => BlockRole::Block(BlockKind::Intertitle),
            "ul" => BlockRole::List { ordered: false },
            "ol" => BlockRole::List { ordered: true },
            "block" | "body.content" | "body.end" | "tagline" => BlockRole::Container(None),
            "bq" => BlockRole::Container(Some(BlockKind::Quote)),
            "note" => BlockRole::Container(Some(BlockKind::Note)),
            "media" => BlockRole::Skip,
            _ => return None,
        })
    }

    fn inline(&self, local: &str) -> Option<InlineRole> {
        Some(match local {
            "em" | "i" => InlineRole::Face(Face::Emphasis),
            "strong" | "b" => InlineRole::Face(Face::Strong),
            "br" => InlineRole::Break,
            "a" | "person" | "org" | "location" | "event" | "function" | "object.title"
            | "virtloc" | "chron" | "num" | "money" | "q" | "classifier" | "copyrite"
            | "copyrite.year" | "copyrite.holder" | "lang" | "pronounce" | "alt-code"
            | "named-item" | "frac" | "frac-num" | "frac-den" | "sub" | "sup" | "postaddr"
            | "addressee" | "care.of" | "delivery.point" | "delivery.office" | "region"
            | "postcode" | "country" | "city" | "state" | "abbrev" | "span" => {
                InlineRole::Transparent
            }
            _ => return None,
        })
    }
}

/// Read a `nitf` document.
pub fn read(xml: &Xml<'_, '_>, root: roxmltree::Node<'_, '_>) -> Result<Draft, Diagnostics> {
    let ns = root.tag_name().namespace();
    let child = |n, name| named(n, name, ns).next();
    let children = |n, name| named(n, name, ns);
    let mut draft = Draft::default();
    let Some(body) = child(root, "body") else {
        return Err(xml
            .error(root, "the NITF document has no `body`")
            .with_hint("the story goes in `<body><body.head>…</body.head><body.content>…</body.content></body>`")
            .into());
    };
    let body_head = child(body, "body.head");
    let hedline = body_head.and_then(|h| child(h, "hedline"));
    if let Some(h) = hedline {
        if let Some(hl1) = child(h, "hl1") {
            draft.headline = all_text(hl1);
        }
        draft.subhead = children(h, "hl2")
            .map(all_text)
            .collect::<Vec<_>>()
            .join(" ");
    }
    if draft.headline.trim().is_empty() {
        if let Some(title) = child(root, "head").and_then(|h| child(h, "title")) {
            draft.headline = all_text(title);
        }
    }
    if let Some(h) = body_head {
        draft.byline = children(h, "byline")
            .map(all_text)
            .collect::<Vec<_>>()
            .join(" ");
        draft.dateline = children(h, "dateline")
            .map(all_text)
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(abs) = child(h, "abstract") {
            draft.diags.push(xml.warning(
                abs,
                "the NITF `abstract` is not set (only the story's body is)",
            ));
        }
    }
    let mut reader = BodyReader::new(xml, ns);
    for part in body.children().filter(|c| c.is_element()) {
        let name = part.tag_name().name();
        if part.tag_name().namespace() != ns {
            continue;
        }
        match name {
            "body.content" | "body.end" => {
                reader.blocks_of(part, &Nitf, None);
                for media in part.descendants().filter(|d| {
                    d.is_element()
                        && d.tag_name().name() == "media"
                        && d.tag_name().namespace() == ns
                }) {
                    read_media(xml, media, ns, &mut draft);
                }
            }
            _ => {}
        }
    }
    draft.blocks = reader.blocks;
    draft.diags.extend(reader.diags);
    if draft.headline.trim().is_empty() {
        return Err(xml
            .error(root, "the NITF story has no headline")
            .with_hint("give it `<body.head><hedline><hl1>主题</hl1></hedline></body.head>`")
            .into());
    }
    Ok(draft)
}

/// A NITF `media` element: the first `media-reference` with a `source` is the file
/// (relative to the article), `media-caption` the caption, `media-producer` the
/// credit. A `media` without a source is reported and left out.
fn read_media(
    xml: &Xml<'_, '_>,
    media: roxmltree::Node<'_, '_>,
    ns: Option<&str>,
    draft: &mut Draft,
) {
    let source = named(media, "media-reference", ns).find_map(|r| r.attribute("source"));
    let Some(source) = source.filter(|s| !s.trim().is_empty()) else {
        draft.diags.push(xml.warning(
            media,
            "a NITF `media` without `media-reference source=\"…\"` is left out",
        ));
        return;
    };
    let text = |name| {
        let t: Vec<String> = named(media, name, ns).map(all_text).collect();
        crate::linebreak::normalize_wire_text(&t.join("\n"))
    };
    let base = xml.path.parent().unwrap_or(std::path::Path::new(""));
    draft.media.push(Media {
        file: base.join(source.trim()),
        caption: text("media-caption"),
        credit: text("media-producer"),
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)] // tests may panic
mod tests {
    use std::path::Path;

    use crate::spec::model::{BlockKind, Face};
    use crate::spec::readers::{parse_xml, Xml};

    fn draft(text: &str) -> super::Draft {
        let doc = parse_xml(text).unwrap();
        let xml = Xml {
            path: Path::new("copy/story.xml"),
            doc: &doc,
        };
        super::read(&xml, doc.root_element()).unwrap_or_else(|e| panic!("{e}"))
    }

    const STORY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN">
  <head><title>标题备用</title></head>
  <body>
    <body.head>
      <hedline><hl1>城区新增三处停车场</hl1><hl2>缓解老城停车难</hl2></hedline>
      <byline>本报记者 <person>李晓红</person></byline>
      <dateline>本报讯</dateline>
    </body.head>
    <body.content>
      <p>昨日，<strong>三处停车场</strong>投入使用，
        共有<em>车位</em>六百个。</p>
      <hl2>收费标准</hl2>
      <ol><li>首小时免费</li><li>此后每小时两元</li></ol>
      <block><p>市民<blink>点赞</blink>。</p></block>
      <media media-type="image">
        <media-reference source="photos/park.jpg"/>
        <media-caption>新建的停车场</media-caption>
        <media-producer>本报记者 王强 摄</media-producer>
      </media>
    </body.content>
  </body>
</nitf>"#;

    #[test]
    fn maps_head_body_lists_faces_and_media() {
        let d = draft(STORY);
        assert_eq!(d.headline, "城区新增三处停车场");
        assert_eq!(d.subhead, "缓解老城停车难");
        assert_eq!(d.byline, "本报记者 李晓红");
        assert_eq!(d.dateline, "本报讯");
        let a = d.into_article(Path::new("copy/story.xml"), "s").unwrap();
        let kinds: Vec<(BlockKind, &str)> = a.blocks.iter().map(|b| (b.kind, &*b.text)).collect();
        assert_eq!(
            kinds,
            vec![
                (
                    BlockKind::Paragraph,
                    "本报讯\u{3000}昨日，三处停车场投入使用，共有车位六百个。"
                ),
                (BlockKind::Intertitle, "收费标准"),
                (BlockKind::ListItem { number: Some(1) }, "首小时免费"),
                (BlockKind::ListItem { number: Some(2) }, "此后每小时两元"),
                (BlockKind::Paragraph, "市民点赞。"),
            ]
        );
        let first = &a.blocks[0];
        let runs: Vec<(&str, Face)> = first
            .inlines
            .iter()
            .map(|i| (&first.text[i.range.clone()], i.face))
            .collect();
        assert_eq!(
            runs,
            vec![("三处停车场", Face::Strong), ("车位", Face::Emphasis)]
        );
        assert_eq!(a.media.len(), 1);
        assert_eq!(a.media[0].file, Path::new("copy/photos/park.jpg"));
        assert_eq!(a.media[0].caption, "新建的停车场");
        assert_eq!(a.media[0].credit, "本报记者 王强 摄");
        // The unknown element kept its text and is reported where it stands.
        let w: Vec<String> = a.warnings.iter().map(|d| d.to_string()).collect();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("copy/story.xml:15:19: warning: unknown NITF element `blink`"),
            "{w:?}"
        );
    }

    #[test]
    fn title_stands_in_for_a_missing_hl1() {
        let d = draft("<nitf><head><title>备用标题</title></head><body><body.content><p>正文。</p></body.content></body></nitf>");
        assert_eq!(d.headline, "备用标题");
    }

    #[test]
    fn no_headline_is_located_at_the_root() {
        let doc = parse_xml("<?xml version=\"1.0\"?>\n<nitf><body><body.content><p>正文。</p></body.content></body></nitf>").unwrap();
        let xml = Xml {
            path: Path::new("x.xml"),
            doc: &doc,
        };
        let err = super::read(&xml, doc.root_element()).unwrap_err();
        assert_eq!(
            err.0[0].to_string().lines().next().unwrap(),
            "x.xml:2:1: error: the NITF story has no headline"
        );
    }
}
