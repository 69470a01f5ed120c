//! IPTC NewsML-G2 text items: a `newsItem` (or the one `newsItem` of a
//! `newsMessage`'s `itemSet`) whose `contentSet/inlineXML` holds XHTML.
//!
//! | NewsML-G2 | article |
//! | --- | --- |
//! | `contentMeta/headline` without `role`, or role `…:main` | headline |
//! | `contentMeta/headline` role `…:sub` / `…:subheadline` / `…:subhead` | subhead |
//! | `contentMeta/headline` role `…:kicker` / `…:overline` | kicker (引题) |
//! | `contentMeta/by` | byline |
//! | `contentMeta/dateline` | opens the first paragraph, then U+3000 |
//! | XHTML `body` `p` | paragraph |
//! | `h2`, `h3` | intertitle (小标题) |
//! | `ul` / `ol` `li` | list items (numbered in `ol`) |
//! | `blockquote` | quotation |
//! | `div`, `section`, `article` | their blocks |
//! | `em`, `i` / `strong`, `b` | emphasis / strong face |
//!
//! Elements are matched by local name within their namespace: NewsML-G2
//! `http://iptc.org/std/nar/2006-10-01/`, XHTML `http://www.w3.org/1999/xhtml`.
//! `a`, `span`, `abbr`, … keep their text in the surrounding face; other elements keep
//! their text with a located warning. A headline with another role is reported and
//! not set.

use crate::diag::Diagnostics;
use crate::spec::model::{BlockKind, Face};

use super::{all_text, BlockRole, BodyReader, Draft, InlineRole, Vocabulary, Xml};

/// The NewsML-G2 namespace.
pub const G2_NS: &str = "http://iptc.org/std/nar/2006-10-01/";
/// The XHTML namespace.
pub const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

struct Xhtml;

impl Vocabulary for Xhtml {
    fn name(&self) -> &'static str {
        "XHTML"
    }

    fn block(&self, local: &str) -> Option<BlockRole> {
        Some(match local {
            "p" | "pre" | "address" => BlockRole::Block(BlockKind::Paragraph),
            "h2" | "h3" | "h4" => BlockRole::Block(BlockKind::Intertitle),
            "ul" => BlockRole::List { ordered: false },
            "ol" => BlockRole::List { ordered: true },
            "div" | "section" | "article" | "main" => BlockRole::Container(None),
            "blockquote" => BlockRole::Container(Some(BlockKind::Quote)),
            _ => return None,
        })
    }

    fn inline(&self, local: &str) -> Option<InlineRole> {
        Some(match local {
            "em" | "i" => InlineRole::Face(Face::Emphasis),
            "strong" | "b" => InlineRole::Face(Face::Strong),
            "br" => InlineRole::Break,
            "a" | "span" | "abbr" | "cite" | "q" | "small" | "sub" | "sup" | "time" | "dfn"
            | "bdi" | "bdo" | "data" | "mark" | "u" | "s" => InlineRole::Transparent,
            _ => return None,
        })
    }
}

fn is_g2(n: roxmltree::Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(G2_NS)
}

/// Read a `newsItem` or `newsMessage` root.
pub fn read(xml: &Xml<'_, '_>, root: roxmltree::Node<'_, '_>) -> Result<Draft, Diagnostics> {
    if root.tag_name().namespace() != Some(G2_NS) {
        return Err(xml
            .error(
                root,
                format!(
                    "`{}` is not in the NewsML-G2 namespace",
                    root.tag_name().name()
                ),
            )
            .with_hint(format!("declare xmlns=\"{G2_NS}\" on it"))
            .into());
    }
    let item = if root.tag_name().name() == "newsMessage" {
        the_news_item(xml, root)?
    } else {
        root
    };
    let mut draft = Draft::default();
    if let Some(meta) = item.children().find(|c| is_g2(*c, "contentMeta")) {
        read_meta(xml, meta, &mut draft);
    }
    let inline = item
        .children()
        .filter(|c| is_g2(*c, "contentSet"))
        .flat_map(|c| c.children())
        .find(|c| is_g2(*c, "inlineXML"));
    let Some(inline) = inline else {
        return Err(xml
            .error(item, "the newsItem has no `contentSet/inlineXML` with the story")
            .with_hint("the text goes in <contentSet><inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\">…")
            .into());
    };
    let body = inline.descendants().find(|n| {
        n.is_element()
            && n.tag_name().name() == "body"
            && n.tag_name().namespace() == Some(XHTML_NS)
    });
    let Some(body) = body else {
        return Err(xml
            .error(inline, "the inlineXML holds no XHTML `body`")
            .with_hint(format!(
                "put the story in <html xmlns=\"{XHTML_NS}\"><body>…</body></html>"
            ))
            .into());
    };
    let mut reader = BodyReader::new(xml, Some(XHTML_NS));
    reader.blocks_of(body, &Xhtml, None);
    draft.blocks = reader.blocks;
    draft.diags.extend(reader.diags);
    if draft.headline.trim().is_empty() {
        return Err(xml
            .error(item, "the newsItem has no headline")
            .with_hint("give it <contentMeta><headline>主题</headline></contentMeta>")
            .into());
    }
    Ok(draft)
}

/// The one `newsItem` of a `newsMessage`: none, or more than one, is an error (an
/// article file holds one story).
fn the_news_item<'a, 'input>(
    xml: &Xml<'_, '_>,
    root: roxmltree::Node<'a, 'input>,
) -> Result<roxmltree::Node<'a, 'input>, Diagnostics> {
    let items: Vec<_> = root
        .descendants()
        .filter(|n| is_g2(*n, "newsItem"))
        .collect();
    match items.as_slice() {
        [one] => Ok(*one),
        [] => Err(xml
            .error(root, "the NewsML-G2 newsMessage holds no newsItem")
            .into()),
        [_, second, ..] => Err(xml
            .error(
                *second,
                format!(
                    "the newsMessage holds {} newsItems; an article file holds one story",
                    items.len()
                ),
            )
            .with_hint("split the message into one file per newsItem")
            .into()),
    }
}

/// `contentMeta`: headlines by role, `by`, `dateline`.
fn read_meta(xml: &Xml<'_, '_>, meta: roxmltree::Node<'_, '_>, draft: &mut Draft) {
    for h in meta.children().filter(|c| is_g2(*c, "headline")) {
        let role = h.attribute("role").unwrap_or("");
        let code = role.rsplit(':').next().unwrap_or(role);
        let field = match code {
            "" | "main" => &mut draft.headline,
            "sub" | "subhead" | "subheadline" => &mut draft.subhead,
            "kicker" | "overline" => &mut draft.kicker,
            _ => {
                draft.diags.push(xml.warning(
                    h,
                    format!("a headline with role `{role}` is not set (only the main, sub and kicker headlines are)"),
                ));
                continue;
            }
        };
        if field.trim().is_empty() {
            *field = all_text(h);
        } else {
            draft
                .diags
                .push(xml.warning(h, "a second headline of the same role is not set"));
        }
    }
    let join = |name: &str| {
        meta.children()
            .filter(|c| is_g2(*c, name))
            .map(all_text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    draft.byline = join("by");
    draft.dateline = join("dateline");
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)] // tests may panic
mod tests {
    use std::path::Path;

    use crate::spec::model::{BlockKind, Face};
    use crate::spec::readers::{parse_xml, Xml};

    fn read(text: &str) -> Result<crate::spec::model::Article, crate::diag::Diagnostics> {
        let doc = parse_xml(text).unwrap();
        let xml = Xml {
            path: Path::new("item.xml"),
            doc: &doc,
        };
        super::read(&xml, doc.root_element())?.into_article(Path::new("item.xml"), "g2")
    }

    const ITEM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x" standard="NewsML-G2" standardversion="2.29">
  <contentMeta>
    <headline role="hlrole:kicker">春运进行时</headline>
    <headline>返乡出行提示</headline>
    <headline role="hlrole:sub">暖心服务伴您回家</headline>
    <by>本报记者 李晓红</by>
    <dateline>本报衡阳2月7日讯</dateline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><body>
        <p>车站<b>加开</b>临客，<i>旅客</i>有序出行。</p>
        <h2>提示</h2>
        <ul><li>提前购票</li><li>错峰出行</li></ul>
        <p xmlns="urn:other">别处的元素</p>
      </body></html>
    </inlineXML>
  </contentSet>
</newsItem>"#;

    #[test]
    fn maps_meta_and_xhtml_body() {
        let a = read(ITEM).unwrap();
        assert_eq!(
            (
                a.kicker.as_str(),
                a.headline.as_str(),
                a.subhead.as_str(),
                a.byline.as_str()
            ),
            (
                "春运进行时",
                "返乡出行提示",
                "暖心服务伴您回家",
                "本报记者 李晓红"
            )
        );
        let kinds: Vec<(BlockKind, &str)> = a.blocks.iter().map(|b| (b.kind, &*b.text)).collect();
        assert_eq!(
            kinds,
            vec![
                (
                    BlockKind::Paragraph,
                    "本报衡阳2月7日讯\u{3000}车站加开临客，旅客有序出行。"
                ),
                (BlockKind::Intertitle, "提示"),
                (BlockKind::ListItem { number: None }, "提前购票"),
                (BlockKind::ListItem { number: None }, "错峰出行"),
                (BlockKind::Paragraph, "别处的元素"),
            ]
        );
        let b = &a.blocks[0];
        let runs: Vec<(&str, Face)> = b
            .inlines
            .iter()
            .map(|i| (&b.text[i.range.clone()], i.face))
            .collect();
        assert_eq!(runs, vec![("加开", Face::Strong), ("旅客", Face::Emphasis)]);
        // The `p` of another namespace is not XHTML: kept as text, reported.
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0]
            .message
            .contains("unknown XHTML element `{urn:other}p`"));
        assert_eq!(a.warnings[0].pos.map(|p| p.line), Some(16));
    }

    #[test]
    fn wrong_namespace_and_missing_body_are_located() {
        let err = read("<newsItem xmlns=\"urn:not-g2\"/>").unwrap_err();
        assert!(err.0[0].message.contains("not in the NewsML-G2 namespace"));
        let err = read("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n <contentMeta><headline>题</headline></contentMeta>\n <contentSet>\n  <inlineXML/>\n </contentSet>\n</newsItem>").unwrap_err();
        assert_eq!(
            err.0[0].to_string().lines().next().unwrap(),
            "item.xml:4:3: error: the inlineXML holds no XHTML `body`"
        );
    }
}
