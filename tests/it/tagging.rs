//! The tagged PDF, read back with hayro-syntax and walked against the copy: every story
//! is one `Art` in reading order, holding its headline block and every block of its
//! article — in order, with the role its kind asks for, word for word (the text read
//! from the marked content each element owns), across its jumps —; photos are figures
//! with their captions as alternate text; everything else painted is an artifact; the
//! parent tree answers for every MCID.

use std::collections::BTreeMap;
use std::path::Path;

use broadsheet::page::{Document, FrameKind, StoryCopy};
use broadsheet::spec::BlockKind;
use broadsheet::RenderOptions;

use crate::common;
use crate::common::pdf::{
    catalog, get, name, open, ops, page_content, Array, Dict, MaybeRef, ObjRef, Object, Operand,
    Pdf,
};
use crate::navigation::{page_refs, refs, text};

/// The standard structure types of ISO 32000-1 §14.8.4.
const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

/// A structure element as read back.
#[derive(Debug)]
struct El {
    id: ObjRef,
    tag: String,
    kids: Vec<Kid>,
    alt: Option<String>,
    lang: Option<String>,
}

#[derive(Debug)]
enum Kid {
    El(El),
    /// Marked content: page index and MCID.
    Mc(usize, i64),
}

fn walk(pdf: &Pdf, r: ObjRef, pages: &[ObjRef]) -> El {
    let d: Dict<'_> = get(pdf, r);
    let tag = String::from_utf8(name(&d, "S")).unwrap();
    let pg = d
        .get_ref(b"Pg".as_slice())
        .map(|p| pages.iter().position(|x| *x == p).unwrap());
    let mut kids = Vec::new();
    let mut kid = |k: MaybeRef<Object<'_>>| match k {
        MaybeRef::Ref(e) => kids.push(Kid::El(walk(pdf, e, pages))),
        MaybeRef::NotRef(Object::Number(n)) => {
            kids.push(Kid::Mc(
                pg.expect("an MCID kid needs /Pg"),
                n.as_f64() as i64,
            ));
        }
        MaybeRef::NotRef(Object::Dict(mcr)) => {
            assert_eq!(name(&mcr, "Type"), b"MCR");
            let page = mcr.get_ref(b"Pg".as_slice()).unwrap();
            let page = pages.iter().position(|x| *x == page).unwrap();
            kids.push(Kid::Mc(page, mcr.get::<i64>(b"MCID".as_slice()).unwrap()));
        }
        other => panic!("unexpected kid {other:?}"),
    };
    match d.get_raw::<Object<'_>>(b"K".as_slice()) {
        Some(MaybeRef::NotRef(Object::Array(a))) => a.raw_iter().for_each(&mut kid),
        Some(k) => kid(k),
        None => {}
    }
    let string = |key: &str| {
        d.get::<hayro_syntax::object::String<'_>>(key.as_bytes())
            .map(|s| text(s.as_bytes()))
    };
    El {
        id: r,
        tag,
        kids,
        alt: string("Alt"),
        lang: string("Lang"),
    }
}

/// The tree root's one child, the `Document` element (`/K` a reference or an array of
/// one).
fn document_ref(root: &Dict<'_>) -> ObjRef {
    match root.get_raw::<Object<'_>>(b"K".as_slice()) {
        Some(MaybeRef::Ref(r)) => r,
        Some(MaybeRef::NotRef(Object::Array(a))) => {
            let r = refs(&a);
            assert_eq!(r.len(), 1, "one Document element");
            r[0]
        }
        other => panic!("root /K {other:?}"),
    }
}

/// Every page's marked content: MCID → the text its `/Span`s read as; and how many
/// text-showing operators were outside both structure content and artifacts.
struct Marked {
    texts: Vec<BTreeMap<i64, String>>,
    loose_text: usize,
    artifact_text: usize,
}

fn marked_content(pdf: &Pdf) -> Marked {
    let mut out = Marked {
        texts: Vec::new(),
        loose_text: 0,
        artifact_text: 0,
    };
    for page in pdf.pages().iter() {
        let mut texts = BTreeMap::new();
        // The open sequences: MCID, or None for an artifact or a Span.
        let mut stack: Vec<(Option<i64>, bool)> = Vec::new();
        for (op, operands) in ops(&page_content(page)) {
            match op.as_str() {
                "BDC" => {
                    let props = &operands[1];
                    let mcid = props.entry("MCID").map(|m| m.num() as i64);
                    let artifact = operands[0].name() == b"Artifact";
                    if let (Some(Operand::Str(s)), Some(&(Some(id), _))) = (
                        props.entry("ActualText"),
                        stack.iter().rev().find(|(m, _)| m.is_some()),
                    ) {
                        texts
                            .entry(id)
                            .or_insert_with(String::new)
                            .push_str(&text(s));
                    }
                    if let Some(m) = mcid {
                        assert!(texts.insert(m, String::new()).is_none(), "MCID {m} twice");
                    }
                    stack.push((mcid, artifact));
                }
                "BMC" => stack.push((None, operands[0].name() == b"Artifact")),
                "EMC" => {
                    stack.pop().expect("EMC without BDC");
                }
                "TJ" | "Tj" | "'" | "\"" => {
                    if stack.iter().any(|(_, a)| *a) {
                        out.artifact_text += 1;
                    } else if !stack.iter().any(|(m, _)| m.is_some()) {
                        out.loose_text += 1;
                    }
                }
                _ => {}
            }
        }
        assert!(stack.is_empty(), "marked content left open");
        out.texts.push(texts);
    }
    out
}

/// The text an element reads as: its marked content and its children's, in order.
fn el_text(el: &El, marked: &Marked) -> String {
    el.kids
        .iter()
        .map(|k| match k {
            Kid::El(e) => el_text(e, marked),
            Kid::Mc(p, m) => marked.texts[*p][m].clone(),
        })
        .collect()
}

/// Every (page, MCID) an element owns directly, with the element.
fn owned<'e>(el: &'e El, out: &mut Vec<((usize, i64), &'e El)>) {
    for k in &el.kids {
        match k {
            Kid::El(e) => owned(e, out),
            Kid::Mc(p, m) => out.push(((*p, *m), el)),
        }
    }
}

/// The pages an element's content is on.
fn pages_of(el: &El, out: &mut Vec<usize>) {
    for k in &el.kids {
        match k {
            Kid::El(e) => pages_of(e, out),
            Kid::Mc(p, _) => {
                if !out.contains(p) {
                    out.push(*p);
                }
            }
        }
    }
}

/// The structure type a block's element must have.
fn role(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "P",
        BlockKind::Intertitle => "H2",
        BlockKind::Note => "EditorsNote",
        BlockKind::Quote => "BlockQuote",
        BlockKind::ListItem { .. } => "LI",
        BlockKind::PoemTitle => "PoemTitle",
        BlockKind::PoemAuthor => "PoemAuthor",
        BlockKind::Verse { .. } => "Verse",
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Walk the tagged PDF of `doc` against its copy; returns the `Art`s in order with their
/// story index, and the top level's tags.
fn check_tree(doc: &Document, bytes: &[u8]) -> (Vec<usize>, Vec<String>) {
    let pdf = open(bytes);
    let cat = catalog(&pdf);
    let mark_info: Dict<'_> = cat.get(b"MarkInfo".as_slice()).unwrap();
    assert_eq!(mark_info.get::<bool>(b"Marked".as_slice()), Some(true));
    let pages = page_refs(&pdf);
    let root: Dict<'_> = get(&pdf, cat.get_ref(b"StructTreeRoot".as_slice()).unwrap());
    assert_eq!(name(&root, "Type"), b"StructTreeRoot");

    // Every custom role maps to a standard one.
    let role_map: Dict<'_> = root.get(b"RoleMap".as_slice()).unwrap();
    let mut roles: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in role_map.entries() {
        let MaybeRef::NotRef(Object::Name(v)) = v else {
            panic!("role map value")
        };
        let v = String::from_utf8(v.to_vec()).unwrap();
        assert!(STANDARD.contains(&v.as_str()), "{v}");
        roles.insert(String::from_utf8(k.to_vec()).unwrap(), v);
    }

    let top = walk(&pdf, document_ref(&root), &pages);
    assert_eq!(top.tag, "Document");
    let marked = marked_content(&pdf);
    assert_eq!(
        marked.loose_text, 0,
        "text shown outside structure and artifacts"
    );
    assert!(marked.artifact_text > 0, "the folios are artifacts");

    // Every element's type is standard or role-mapped; every MCID of every page is owned
    // by exactly one element, the one the parent tree names.
    let mut all = Vec::new();
    owned(&top, &mut all);
    fn tags<'e>(el: &'e El, out: &mut Vec<&'e str>) {
        out.push(&el.tag);
        for k in &el.kids {
            if let Kid::El(e) = k {
                tags(e, out);
            }
        }
    }
    let mut every_tag = Vec::new();
    tags(&top, &mut every_tag);
    for t in every_tag {
        assert!(STANDARD.contains(&t) || roles.contains_key(t), "{t}");
    }
    let parent_tree: Dict<'_> = root.get(b"ParentTree".as_slice()).unwrap();
    let nums = parent_tree.get::<Array<'_>>(b"Nums".as_slice()).unwrap();
    let arrays = refs(&nums);
    assert_eq!(arrays.len(), pages.len());
    for (p, texts) in marked.texts.iter().enumerate() {
        let page: Dict<'_> = get(&pdf, pages[p]);
        let key = page.get::<i64>(b"StructParents".as_slice()).unwrap() as usize;
        let parents: Array<'_> = pdf
            .xref()
            .get(hayro_syntax::object::ObjectIdentifier::from(arrays[key]))
            .unwrap();
        let parents = refs(&parents);
        assert_eq!(parents.len(), texts.len(), "page {}", p + 1);
        for &mcid in texts.keys() {
            let owners: Vec<&&El> = all
                .iter()
                .filter(|(at, _)| *at == (p, mcid))
                .map(|(_, e)| e)
                .collect();
            assert_eq!(owners.len(), 1, "page {} MCID {mcid}", p + 1);
            assert_eq!(
                parents[mcid as usize],
                owners[0].id,
                "page {} MCID {mcid}",
                p + 1
            );
        }
    }
    assert_eq!(
        all.len(),
        marked.texts.iter().map(BTreeMap::len).sum::<usize>()
    );

    // The stories.
    let mut arts = Vec::new();
    for kid in &top.kids {
        let Kid::El(el) = kid else {
            panic!("content directly under Document")
        };
        if el.tag != "Art" {
            continue;
        }
        let story = check_art(doc, el, &marked);
        arts.push(story);
    }
    let top_tags = top
        .kids
        .iter()
        .map(|k| match k {
            Kid::El(e) => e.tag.clone(),
            Kid::Mc(..) => String::new(),
        })
        .collect();
    (arts, top_tags)
}

/// One `Art` against its story's copy; returns the story's index.
fn check_art(doc: &Document, art: &El, marked: &Marked) -> usize {
    let kids: Vec<&El> = art
        .kids
        .iter()
        .map(|k| match k {
            Kid::El(e) => e,
            Kid::Mc(..) => panic!("content directly under Art"),
        })
        .collect();
    let h1 = kids
        .iter()
        .find(|e| e.tag == "H1")
        .expect("an Art without H1");
    let head = squeeze(&el_text(h1, marked));
    let matches: Vec<usize> = (0..doc.copy.len())
        .filter(|&s| squeeze(&doc.copy[s].headline) == head)
        .collect();
    assert!(!matches.is_empty(), "no story has the headline {head}");
    // Stories sharing a headline (the same article set twice): the first not yet seen
    // is found by its text below; take the one whose blocks match.
    let story = *matches
        .iter()
        .find(|&&s| blocks_match(&doc.copy[s], &kids, marked).is_ok())
        .unwrap_or_else(|| {
            panic!(
                "{}",
                blocks_match(&doc.copy[matches[0]], &kids, marked).unwrap_err()
            )
        });
    let copy = &doc.copy[story];
    assert_eq!(art.lang, copy.language, "{head}");
    // The headline block first, in its order, each part word for word.
    let mut expected_head = Vec::new();
    for (tag, text) in [
        ("Kicker", &copy.kicker),
        ("H1", &copy.headline),
        ("Subhead", &copy.subhead),
        ("Byline", &copy.byline),
    ] {
        if !text.is_empty() {
            expected_head.push((tag, squeeze(text)));
        }
    }
    let got_head: Vec<(&str, String)> = kids
        .iter()
        .take(expected_head.len())
        .map(|e| (e.tag.as_str(), squeeze(&el_text(e, marked))))
        .collect();
    assert_eq!(got_head, expected_head, "{head}");
    // Photos in the story's frame: a figure with its caption as alternate text.
    for w in kids.windows(2) {
        if w[0].tag == "Figure" {
            if let Some(alt) = &w[0].alt {
                assert_eq!(w[1].tag, "Caption");
                assert_eq!(&el_text(w[1], marked), alt);
            }
        }
    }
    story
}

/// The `Art`'s elements after its headline block and figures are the copy's blocks, in
/// order, with their roles, word for word (a list is an `L` of `LI`s, each `Lbl` +
/// `LBody`).
fn blocks_match(copy: &StoryCopy, kids: &[&El], marked: &Marked) -> Result<(), String> {
    let mut got: Vec<(String, String)> = Vec::new();
    for e in kids {
        match e.tag.as_str() {
            "Kicker" | "H1" | "Subhead" | "Byline" | "Figure" | "Caption" => {}
            "L" => {
                for li in &e.kids {
                    let Kid::El(li) = li else {
                        return Err("content directly under L".into());
                    };
                    let parts: Vec<&str> = li
                        .kids
                        .iter()
                        .filter_map(|k| match k {
                            Kid::El(x) => Some(x.tag.as_str()),
                            Kid::Mc(..) => None,
                        })
                        .collect();
                    if parts != ["Lbl", "LBody"] {
                        return Err(format!("LI holds {parts:?}"));
                    }
                    let Kid::El(body) = &li.kids[1] else {
                        unreachable!()
                    };
                    got.push((li.tag.clone(), el_text(body, marked)));
                }
            }
            _ => got.push((e.tag.clone(), el_text(e, marked))),
        }
    }
    let expected: Vec<(String, String)> = copy
        .blocks
        .iter()
        .map(|b| (role(b.kind).to_string(), b.text.to_string()))
        .collect();
    if got == expected {
        Ok(())
    } else {
        let first = got
            .iter()
            .zip(&expected)
            .position(|(g, e)| g != e)
            .unwrap_or(got.len().min(expected.len()));
        Err(format!(
            "{}: {} blocks read, {} in the copy; first difference at block {first}:\nread {:?}\ncopy {:?}",
            copy.headline,
            got.len(),
            expected.len(),
            got.get(first),
            expected.get(first)
        ))
    }
}

/// The stories in the order their first frames are read: page by page, top to bottom,
/// then left to right.
fn reading_order(doc: &Document) -> Vec<usize> {
    let mut firsts = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for f in &page.frames {
            if f.kind == FrameKind::Story {
                firsts.push((p, f.rect.y, f.rect.x, f.story.unwrap().0));
            }
        }
    }
    firsts.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
    });
    firsts.into_iter().map(|f| f.3).collect()
}

fn render(path: &Path) -> (Document, Vec<u8>) {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (laid, bytes) =
        broadsheet::render_issue(path, &RenderOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    (laid.document, bytes)
}

#[test]
fn every_story_of_the_sample_is_one_article_in_reading_order() {
    let (doc, bytes) = render(Path::new("issue.toml"));
    let (arts, top) = check_tree(&doc, &bytes);
    assert_eq!(arts.len(), doc.stories.len(), "one Art per story");
    assert_eq!(arts, reading_order(&doc));
    // The lead story comes first; the two stories that jump are each one Art with
    // content on pages 1 and 2.
    assert!(doc.copy[arts[0]].headline.contains("聚力中心"));
    let pdf = open(&bytes);
    let cat = catalog(&pdf);
    let root: Dict<'_> = get(&pdf, cat.get_ref(b"StructTreeRoot".as_slice()).unwrap());
    let pages = page_refs(&pdf);
    let tree = walk(&pdf, document_ref(&root), &pages);
    let across: Vec<Vec<usize>> = tree
        .kids
        .iter()
        .filter_map(|k| match k {
            Kid::El(e) if e.tag == "Art" => {
                let mut p = Vec::new();
                pages_of(e, &mut p);
                (p.len() > 1).then_some(p)
            }
            _ => None,
        })
        .collect();
    assert_eq!(across, [vec![0, 1], vec![0, 1]]);
    // Page 1's photo with its caption, and its teaser.
    assert!(top.iter().any(|t| t == "Figure"), "{top:?}");
    assert!(top.iter().any(|t| t == "Teaser"), "{top:?}");
}

#[test]
fn lists_notes_verse_and_intertitles_keep_their_roles() {
    let (doc, bytes) = render(Path::new("fixtures/blocks/issue.toml"));
    let (arts, _) = check_tree(&doc, &bytes);
    assert_eq!(arts.len(), doc.stories.len());
    let kinds: Vec<BlockKind> = arts
        .iter()
        .flat_map(|&s| doc.copy[s].blocks.iter().map(|b| b.kind))
        .collect();
    // The fixture has each kind the tree gives a role of its own.
    for want in [
        "H2",
        "EditorsNote",
        "BlockQuote",
        "LI",
        "PoemTitle",
        "Verse",
    ] {
        assert!(kinds.iter().any(|k| role(*k) == want), "{want}");
    }
}

#[test]
fn a_story_in_another_language_says_so_and_ads_can_be_figures() {
    let dir = common::scratch_dir("tagging", "lang", &["layouts"]);
    let layout = common::house_layout_with(|t| {
        common::table_mut(t, "furniture").insert("tag_ads".into(), "figure".into());
    });
    std::fs::write(dir.join("layouts/layout.toml"), &layout).unwrap();
    std::fs::write(
        dir.join("story.txt"),
        "+++\nheadline = \"Lantern Festival in Hengyang\"\nlanguage = \"en\"\n+++\nThe city marked the Lantern Festival with a fair on the riverbank.\n",
    )
    .unwrap();
    let issue = "layout = \"layouts/layout.toml\"\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\n[[page]]\ntemplate = \"inside\"\nsection = \"测试\"\neditors = { editor = \"测试\", proof = \"测试\" }\n\n[[page.story]]\narticle = \"story.txt\"\narea = { col = 1, cols = 3, row = 4, rows = 30 }\n\n[[page.ad]]\ntitle = \"新春开门红\"\nlines = [\"服务热线 0734-96518\"]\narea = { col = 5, cols = 4, row = 4, rows = 20 }\n";
    std::fs::write(dir.join("issue.toml"), issue).unwrap();
    let (laid, bytes) =
        broadsheet::render_issue(&dir.join("issue.toml"), &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
    let (arts, top) = check_tree(&laid.document, &bytes);
    assert_eq!(arts, [0]);
    assert_eq!(laid.document.copy[0].language.as_deref(), Some("en"));
    assert!(top.iter().any(|t| t == "Figure"), "{top:?}");
    let pdf = open(&bytes);
    let cat = catalog(&pdf);
    let root: Dict<'_> = get(&pdf, cat.get_ref(b"StructTreeRoot".as_slice()).unwrap());
    let tree = walk(&pdf, document_ref(&root), &page_refs(&pdf));
    let figure = tree
        .kids
        .iter()
        .find_map(|k| match k {
            Kid::El(e) if e.tag == "Figure" => Some(e),
            _ => None,
        })
        .unwrap();
    let alt = figure.alt.as_deref().unwrap();
    assert!(
        alt.contains("新春开门红") && alt.contains("服务热线 0734-96518"),
        "{alt}"
    );

    // A language that is no tag is an error at its value.
    std::fs::write(
        dir.join("story.txt"),
        "+++\nheadline = \"Lantern Festival\"\nlanguage = \"English please\"\n+++\nText.\n",
    )
    .unwrap();
    let err = broadsheet::render_issue(&dir.join("issue.toml"), &RenderOptions::default())
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("story.txt:3:12") && err.contains("is not a language tag"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
