//! Navigation in the sample's PDF, read back with hayro-syntax: page labels in the
//! house's form, bookmarks from page (label and section) to the stories on it, each
//! opening on its page at its frame, and the text's language.

use std::path::Path;

use broadsheet::RenderOptions;

use crate::common::pdf::{catalog, get, open, string, Array, Dict, MaybeRef, ObjRef, Object};

/// The direct numbers of an array, in order.
fn numbers(a: &Array<'_>) -> Vec<f64> {
    a.raw_iter()
        .filter_map(|o| match o {
            MaybeRef::NotRef(Object::Number(n)) => Some(n.as_f64()),
            _ => None,
        })
        .collect()
}

/// The indirect references of an array, in order.
pub fn refs(a: &Array<'_>) -> Vec<ObjRef> {
    a.raw_iter()
        .filter_map(|o| match o {
            MaybeRef::Ref(r) => Some(r),
            MaybeRef::NotRef(_) => None,
        })
        .collect()
}

/// A PDF text string: UTF-16BE after its byte-order mark, else PDFDocEncoding (ASCII
/// here).
pub fn text(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        _ => String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// An outline item's title, the page it opens (index of its page object) and its
/// children, walked by `/First` and `/Next`.
struct Mark {
    title: String,
    page: usize,
    top: f64,
    children: Vec<Mark>,
}

fn marks(pdf: &crate::common::pdf::Pdf, first: Option<ObjRef>, pages: &[ObjRef]) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut next = first;
    while let Some(r) = next {
        let item: Dict<'_> = get(pdf, r);
        let dest = item.get::<Array<'_>>(b"Dest".as_slice()).unwrap();
        let page = refs(&dest)[0];
        let top = numbers(&dest)[1];
        out.push(Mark {
            title: text(&string(&item, "Title")),
            page: pages.iter().position(|p| *p == page).unwrap(),
            top,
            children: marks(pdf, item.get_ref(b"First".as_slice()), pages),
        });
        next = item.get_ref(b"Next".as_slice());
    }
    out
}

/// The sample issue's PDF.
fn sample_pdf() -> Vec<u8> {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    broadsheet::render_issue(Path::new("issue.toml"), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .1
}

/// The page objects, in order.
pub fn page_refs(pdf: &crate::common::pdf::Pdf) -> Vec<ObjRef> {
    let tree: Dict<'_> = get(pdf, catalog(pdf).get_ref(b"Pages".as_slice()).unwrap());
    refs(&tree.get::<Array<'_>>(b"Kids".as_slice()).unwrap())
}

#[test]
fn the_sample_has_page_labels_bookmarks_and_its_language() {
    let bytes = sample_pdf();
    let pdf = open(&bytes);
    let cat = catalog(&pdf);
    assert_eq!(text(&string(&cat, "Lang")), "zh-Hans");

    let pages = page_refs(&pdf);
    assert_eq!(pages.len(), 8);

    // /PageLabels: page i starts a range whose label is its prefix, 第一版 … 第八版.
    let labels: Dict<'_> = cat.get(b"PageLabels".as_slice()).unwrap();
    let nums = labels.get::<Array<'_>>(b"Nums".as_slice()).unwrap();
    let starts: Vec<f64> = numbers(&nums);
    let dicts: Vec<ObjRef> = refs(&nums);
    assert_eq!(starts, (0..8).map(f64::from).collect::<Vec<_>>());
    let names: Vec<String> = dicts
        .iter()
        .map(|r| text(&string(&get(&pdf, *r), "P")))
        .collect();
    assert_eq!(
        names,
        [
            "第一版",
            "第二版",
            "第三版",
            "第四版",
            "第五版",
            "第六版",
            "第七版",
            "第八版"
        ]
    );

    // /Outlines: a bookmark per page, then its stories top to bottom, left to right.
    let outline: Dict<'_> = get(&pdf, cat.get_ref(b"Outlines".as_slice()).unwrap());
    let tree = marks(&pdf, outline.get_ref(b"First".as_slice()), &pages);
    let titles: Vec<&str> = tree.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "第一版 要闻",
            "第二版 要闻",
            "第三版 综合",
            "第四版 经济",
            "第五版 民生",
            "第六版 文体",
            "第七版 副刊·雁峰",
            "第八版 专版"
        ]
    );
    for (i, m) in tree.iter().enumerate() {
        assert_eq!(m.page, i, "{}", m.title);
        assert!(m.children.iter().all(|c| c.page == i), "{}", m.title);
    }
    let page1: Vec<&str> = tree[0].children.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        page1,
        [
            "“聚力中心”科学布局产业 高效推进项目 做大做强园区",
            "坚持稳字当头稳中求进统筹推进经济社会发展各项任务",
            "推动有效市场和有为政府更好结合引领新时代民营经济实现新飞跃"
        ]
    );
    // Page 2 opens with the two continuations, by their own short headlines.
    assert_eq!(tree[1].children[0].title, "统筹推进经济社会发展各项任务");
    assert_eq!(tree[1].children[1].title, "引领新时代民营经济实现新飞跃");
    // Each story opens at its frame's top: the lead (row 14) above the two at row 37.
    assert!(tree[0].children[0].top > tree[0].children[1].top);
    assert_eq!(tree[0].children[1].top, tree[0].children[2].top);
    // /Count: every item shown (8 pages and 30 story frames).
    let count: f64 = outline.get(b"Count".as_slice()).unwrap();
    let stories: usize = tree.iter().map(|m| m.children.len()).sum();
    assert_eq!(count as usize, tree.len() + stories);
    assert_eq!(stories, 30);
}

#[test]
fn every_story_is_an_article_thread_across_its_jump() {
    let bytes = sample_pdf();
    let pdf = open(&bytes);
    let cat = catalog(&pdf);
    let pages = page_refs(&pdf);
    let threads = refs(&cat.get::<Array<'_>>(b"Threads".as_slice()).unwrap());
    // One thread per story (28), in the order the stories begin.
    assert_eq!(threads.len(), 28);
    // Each thread: its title, and its beads around the ring from /F by /N — every bead
    // on the page it names, listed in that page's /B, /V leading back.
    let mut by_title = std::collections::BTreeMap::new();
    for t in &threads {
        let thread: Dict<'_> = get(&pdf, *t);
        let info: Dict<'_> = thread.get(b"I".as_slice()).unwrap();
        let first = thread.get_ref(b"F".as_slice()).unwrap();
        let mut bead = first;
        let mut on = Vec::new();
        loop {
            let b: Dict<'_> = get(&pdf, bead);
            assert_eq!(b.get_ref(b"T".as_slice()), Some(*t));
            let page = b.get_ref(b"P".as_slice()).unwrap();
            let index = pages.iter().position(|p| *p == page).unwrap();
            let listed: Dict<'_> = get(&pdf, page);
            assert!(refs(&listed.get::<Array<'_>>(b"B".as_slice()).unwrap()).contains(&bead));
            let next = b.get_ref(b"N".as_slice()).unwrap();
            let back: Dict<'_> = get(&pdf, next);
            assert_eq!(back.get_ref(b"V".as_slice()), Some(bead));
            on.push(index + 1);
            bead = next;
            if bead == first {
                break;
            }
        }
        by_title.insert(text(&string(&info, "Title")), on);
    }
    // The council story reads from page 1 to its continuation on page 2.
    assert_eq!(
        by_title["坚持稳字当头稳中求进统筹推进经济社会发展各项任务"],
        vec![1, 2]
    );
    assert_eq!(by_title["新春诗三首"], vec![7]);
}
