//! The parts every page of the e-paper shares: the document head and the text of a block
//! with its faces.

use crate::live::svg::escape;
use crate::page::Document;
use crate::spec::{Face, Inline};

/// `<!doctype html>` to `<body>`: the language, the title, the style sheet.
pub fn head(doc: &Document, title: &str, lang: &str, body_class: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — {}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body class=\"{body_class}\">\n",
        escape(lang),
        escape(title),
        escape(&doc.title)
    )
}

/// The site's header: the name, linking to the index.
pub fn masthead(doc: &Document) -> String {
    format!(
        "<header class=\"site\"><a href=\"index.html\">{}</a></header>\n",
        escape(&doc.title)
    )
}

pub const END: &str = "</body>\n</html>\n";

/// A block's text as HTML: bold runs `<strong>`, emphasis (楷体) `<em>`, emphasis dots
/// (着重号) a `<span class="dots">` (CSS `text-emphasis`).
pub fn inline_text(text: &str, inlines: &[Inline]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for run in inlines {
        let (Some(before), Some(inner)) =
            (text.get(at..run.range.start), text.get(run.range.clone()))
        else {
            continue;
        };
        out.push_str(&escape(before));
        let (open, close) = match run.face {
            Face::Strong => ("<strong>", "</strong>"),
            Face::Emphasis => ("<em>", "</em>"),
            Face::Regular => ("", ""),
        };
        out.push_str(open);
        if run.dots {
            out.push_str("<span class=\"dots\">");
        }
        out.push_str(&escape(inner));
        if run.dots {
            out.push_str("</span>");
        }
        out.push_str(close);
        at = run.range.end;
    }
    out.push_str(&escape(text.get(at..).unwrap_or("")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_and_dots_become_elements_and_text_is_escaped() {
        let text = "约<420>万人次，严格落实";
        let strong = text.find('<').unwrap()..text.find('，').unwrap();
        let dots = text.find('严').unwrap()..text.len();
        let inlines = [
            Inline {
                range: strong,
                face: Face::Strong,
                dots: false,
            },
            Inline {
                range: dots,
                face: Face::Regular,
                dots: true,
            },
        ];
        assert_eq!(
            inline_text(text, &inlines),
            "约<strong>&lt;420&gt;万人次</strong>，<span class=\"dots\">严格落实</span>"
        );
    }
}
