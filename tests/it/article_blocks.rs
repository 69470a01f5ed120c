//! The layout of article blocks, independent of the article format: the
//! blocks are built here and set in `fixtures/blocks` (the same article at two
//! measures: 3 columns of 13 characters, and 2 columns of 20).

use crate::common;

use broadsheet::page::{Item, Role, TextLine};
use broadsheet::spec::{BlockKind, BodyBlock, Face, Inline, Issue};
use common::x0;

fn issue_with(blocks: Vec<BodyBlock>) -> Issue {
    common::blocks_issue(blocks)
}

fn block(kind: BlockKind, text: &str) -> BodyBlock {
    BodyBlock {
        kind,
        text: text.into(),
        inlines: Vec::new(),
        line: 1,
    }
}

fn lay(issue: &Issue) -> broadsheet::layout::LaidOut {
    broadsheet::layout::layout_issue(issue, Vec::new()).unwrap_or_else(|e| panic!("{e}"))
}

fn lines_of<'a>(laid: &'a broadsheet::layout::LaidOut, story: &str) -> Vec<&'a TextLine> {
    let doc = &laid.document;
    doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(l) => Some(l),
            _ => None,
        })
        .filter(|l| match l.role {
            Role::Body { story: s, .. } | Role::Label { story: s, .. } => {
                doc.story_name(s) == story
            }
            _ => false,
        })
        .collect()
}

/// A block's lines in the order set (not labels).
fn block_lines<'a>(lines: &[&'a TextLine], paragraph: usize) -> Vec<&'a TextLine> {
    let mut out: Vec<&TextLine> = lines
        .iter()
        .copied()
        .filter(|l| matches!(l.role, Role::Body { paragraph: p, .. } if p == paragraph))
        .collect();
    out.sort_by_key(|l| match l.role {
        Role::Body { line, .. } => line,
        _ => 0,
    });
    out
}

/// The frame on page 1 that holds `l` (a line of that page's items).
fn frame_of<'d>(doc: &'d broadsheet::page::Document, l: &TextLine) -> &'d broadsheet::page::Frame {
    let page = &doc.pages[0];
    let (f, _) = page
        .items_with_frames()
        .find(|(_, i)| matches!(i, broadsheet::page::Item::Text(t) if std::ptr::eq(t, l)))
        .expect("a line of page 1");
    &page.frames[f.expect("a framed line")]
}

/// A line's x from the left edge of the story column it is in.
fn in_column(laid: &broadsheet::layout::LaidOut, l: &TextLine) -> f64 {
    let frame = frame_of(&laid.document, l);
    let col = frame
        .columns
        .iter()
        .rev()
        .find(|(x, _)| x0(l) >= x - 1e-6)
        .map_or(0.0, |c| c.0);
    x0(l) - col
}

fn verse(text: &str, stanza_break: bool) -> BodyBlock {
    block(
        BlockKind::Verse {
            stanza_break,
            poem_start: false,
        },
        text,
    )
}

/// A verse line three times the 13-character measure turns over twice; each turnover
/// is indented by `verse_hang_em` past the line's own indent, no turnover is a single
/// character, and the line is never justified.
#[test]
fn verse_turnovers_are_indented_and_never_one_character() {
    let long = "春天已经站在她身后悄悄地看了很久然后转身走向田野走向更远的山岗和更远的远方";
    assert_eq!(long.chars().count(), 37);
    let issue = issue_with(vec![
        block(BlockKind::PoemTitle, "立春"),
        verse("风从湘江上走过", false),
        verse(long, false),
        // 12 characters: at 11 to the line (13 less the 2-character verse indent) the
        // turnover would be the lone 被; it takes 棉被 instead.
        verse("母亲在门前晒着新弹的棉被", true),
        verse("细碎的阳光落满她的肩头", false),
        verse("她不知道", true),
        verse("春天已经站在她身后", false),
    ]);
    let laid = lay(&issue);
    let em = issue.layout.grid.char_size;
    for story in ["narrow", "wide"] {
        let lines = lines_of(&laid, story);
        let first = block_lines(&lines, 1);
        let long_lines = block_lines(&lines, 2);
        assert_eq!(first.len(), 1);
        let x = in_column(&laid, first[0]);
        assert!((x - 2.0 * em).abs() < 1e-6, "verse_indent_em = 2");
        let texts: Vec<&str> = long_lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts.concat(), long, "{story}");
        assert!(long_lines.len() >= 3, "{story}: {texts:?}");
        assert!((in_column(&laid, long_lines[0]) - x).abs() < 1e-6);
        for t in &long_lines[1..] {
            assert!(
                (in_column(&laid, t) - (x + 2.0 * em)).abs() < 1e-6,
                "{story}: turnover “{}” at {} not {}",
                t.text,
                in_column(&laid, t),
                x + 2.0 * em
            );
        }
        for l in &long_lines {
            assert!(l.width <= l.measure + 1e-6 && l.adjustments.is_empty() || l.width < l.measure);
        }
        let mother = block_lines(&lines, 3);
        let last = mother.last().unwrap();
        assert!(
            last.text.chars().count() >= 2,
            "{story}: lone turnover {:?}",
            last.text
        );
    }
    let narrow = lines_of(&laid, "narrow");
    let mother: Vec<&str> = block_lines(&narrow, 3)
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(mother, ["母亲在门前晒着新弹的", "棉被"]);
    // The stanza break is one blank body line (where both stanzas share a column; at
    // a column top the blank line is dropped).
    let pitch = issue.layout.grid.line_pitch;
    let mut checked = 0;
    for story in ["narrow", "wide"] {
        let lines = lines_of(&laid, story);
        for (a, b) in [(2, 3), (4, 5)] {
            let prev = *block_lines(&lines, a).last().unwrap();
            let next = block_lines(&lines, b)[0];
            let col = x0(next) - in_column(&laid, next);
            if (x0(prev) - in_column(&laid, prev) - col).abs() < 1e-6 {
                assert!((next.baseline - prev.baseline - 2.0 * pitch).abs() < 1e-6);
                checked += 1;
            } else {
                let above = lines.iter().any(|l| {
                    (x0(l) - in_column(&laid, l) - col).abs() < 1e-6 && l.baseline < next.baseline
                });
                assert!(!above, "{story}: the stanza starts its column");
            }
        }
    }
    assert!(checked > 0);
}

/// List items: the label in the first line's hanging indent at `list_indent_em`, every
/// line of the item starting after it on the character grid.
#[test]
fn list_items_hang_after_their_number() {
    let issue = issue_with(vec![
        block(
            BlockKind::ListItem { number: Some(1) },
            "购票请通过官方渠道。",
        ),
        block(
            BlockKind::ListItem { number: Some(2) },
            "出行前请关注天气预报和道路交通信息，合理安排出行时间，避开高峰时段。",
        ),
    ]);
    let laid = lay(&issue);
    let em = issue.layout.grid.char_size;
    let lines = lines_of(&laid, "narrow");
    let labels: Vec<&&TextLine> = lines
        .iter()
        .filter(|l| matches!(l.role, Role::Label { .. }))
        .collect();
    assert_eq!(
        labels.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
        ["①", "②"]
    );
    let item = block_lines(&lines, 1);
    assert!(item.len() >= 3);
    assert!((in_column(&laid, labels[1]) - 2.0 * em).abs() < 1e-6);
    for l in &item {
        assert!(
            (in_column(&laid, l) - 3.0 * em).abs() < 1e-6,
            "“{}” starts at {}",
            l.text,
            in_column(&laid, l)
        );
        // Ten characters to a line: the text stays on the grid.
        assert!(l.text.chars().count() <= 10);
    }
    assert_eq!(labels[1].baseline, item[0].baseline);
}

/// Inline faces and emphasis dots: bold and 楷体 runs keep the character grid (every
/// full-width character one em), kinsoku holds across a switch, dots sit centred under
/// each dotted character and none under punctuation, clear of the next line.
#[test]
fn faces_keep_the_grid_and_dots_skip_punctuation() {
    let text = "春运期间，衡阳火车站预计发送旅客一百二十万人次，请旅客提前购票。";
    let mut para = block(BlockKind::Paragraph, text);
    let byte = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i)
    };
    para.inlines = vec![
        Inline {
            range: byte(0)..byte(4),
            face: Face::Strong,
            dots: false,
        },
        // 衡阳火车站预计发送旅客一百二十万人次， — the comma takes no dot.
        Inline {
            range: byte(5)..byte(24),
            face: Face::Emphasis,
            dots: true,
        },
    ];
    let issue = issue_with(vec![para]);
    let laid = lay(&issue);
    let em = issue.layout.grid.char_size;
    let pitch = issue.layout.grid.line_pitch;
    let lines = lines_of(&laid, "narrow");
    let ls = block_lines(&lines, 0);
    let mut dots = 0;
    for (k, l) in ls.iter().enumerate() {
        // Every Han character is one em wide in every face: the grid holds.
        for g in &l.glyphs {
            let ch = &l.text[g.text.clone()];
            if ch.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
                assert!((g.advance - em).abs() < 1e-9, "{ch}: {}", g.advance);
            }
        }
        for d in &l.dots {
            let under = l
                .glyphs
                .iter()
                .find(|g| (g.x + g.advance / 2.0 - d.x).abs() < 1e-6)
                .expect("a dot is centred under a glyph");
            let ch = &l.text[under.text.clone()];
            assert!(!"，。、".contains(ch), "a dot under {ch}");
            assert!(d.y > l.baseline, "dots go under the text");
            // Clear of the next line's em box (its top is 0.88 em above its baseline).
            assert!(d.y + d.diameter / 2.0 < l.baseline + pitch - 0.88 * l.size);
        }
        dots += l.dots.len();
        if k == 0 {
            assert_eq!(l.faces.first().map(|f| f.1), Some(Face::Strong));
            assert_eq!(&l.text[l.faces[0].0.clone()], "春运期间");
        }
    }
    assert_eq!(dots, 18, "18 dotted characters, the comma none");
    // The bold run is set in the bold font, the emphasis run in 楷体.
    let fonts: std::collections::BTreeSet<_> = ls[0].glyphs.iter().map(|g| g.font).collect();
    assert!(fonts.len() >= 3, "body, bold and 楷体 fonts on one line");
}

/// Blocks that put an intertitle on body row `title_row` of the narrow story's first
/// column, and the index of the block before it: two-line paragraphs (and a one-line
/// one when the count is odd) fill the column from its first row to `title_row - 2`,
/// the intertitle's blank line takes the next; 200 paragraphs follow, so the story is
/// overset and its frame filled in order, not balanced. Returns the blocks and the
/// index of the last paragraph before the intertitle.
fn intertitle_at(title_row: u32) -> (Vec<BodyBlock>, usize) {
    let text = "衡阳市民欢度春节，街头巷尾年味浓。";
    let short = "衡阳市民欢度春节。";
    let g = issue_with(Vec::new()).layout.grid.clone();
    let row_of = |y: f64| (1..=g.lines).find(|&r| (g.baseline(r) - y).abs() < 1e-6);
    let probe = issue_with(vec![block(BlockKind::Paragraph, text)]);
    let laid = lay(&probe);
    let first_row = row_of(block_lines(&lines_of(&laid, "narrow"), 0)[0].baseline).unwrap();
    let rows = title_row - 1 - first_row;
    let mut blocks = Vec::new();
    for _ in 0..rows / 2 {
        blocks.push(block(BlockKind::Paragraph, text));
    }
    if rows % 2 == 1 {
        blocks.push(block(BlockKind::Paragraph, short));
    }
    let before_index = blocks.len() - 1;
    blocks.push(block(BlockKind::Intertitle, "一、提前规划行程"));
    for _ in 0..200 {
        blocks.push(block(BlockKind::Paragraph, text));
    }
    (blocks, before_index)
}

/// An intertitle takes its blank line above, whole body lines, and keeps with the two
/// lines after it: where it would take a column's last line, it opens the next column
/// instead. (The story is overset on purpose: its frame is filled in order, not
/// balanced, so the positions are known: two-line paragraphs (and a one-line one when
/// the count is odd) fill the first column up to its last line but two, the blank line
/// takes the next, and the last would be the intertitle's.)
#[test]
fn an_intertitle_never_ends_a_column() {
    let g = issue_with(Vec::new()).layout.grid.clone();
    let row_of = |y: f64| (1..=g.lines).find(|&r| (g.baseline(r) - y).abs() < 1e-6);
    // The narrow story's area ends on row 48: the intertitle would take its last line.
    let last_row = 48;
    let (blocks, before_index) = intertitle_at(last_row);
    let issue = issue_with(blocks);
    let laid = lay(&issue);
    assert!(laid.diags.to_string().contains("overset"));
    let lines = lines_of(&laid, "narrow");
    let col = |l: &TextLine| x0(l) - in_column(&laid, l);
    let before = *block_lines(&lines, before_index).last().unwrap();
    assert_eq!(
        row_of(before.baseline),
        Some(last_row - 2),
        "the paragraphs end there"
    );
    let title = block_lines(&lines, before_index + 1)[0];
    assert!(
        col(title) > col(before),
        "the intertitle moved to the next column"
    );
    let first_in_col = lines
        .iter()
        .filter(|l| (col(l) - col(title)).abs() < 1e-6)
        .min_by(|a, b| a.baseline.total_cmp(&b.baseline))
        .unwrap();
    assert_eq!(
        first_in_col.role, title.role,
        "and opens it (no blank line above)"
    );
    let after = block_lines(&lines, before_index + 2);
    assert!(after.len() >= 2 && after.iter().all(|l| (col(l) - col(title)).abs() < 1e-6));
    // Nothing else of the story is below the paragraphs in the first column.
    assert!(!lines
        .iter()
        .any(|l| (col(l) - col(before)).abs() < 1e-6 && l.baseline > before.baseline + 1.0));
}

/// A half-line stanza break (`stanza_space = 0`, `stanza_half_line = true`): each break
/// is 1½ line pitches from baseline to baseline; the second stanza sits half a line
/// off the grid, the third is back on it.
#[test]
fn half_line_stanza_breaks() {
    let mut issue = issue_with(vec![
        block(BlockKind::PoemTitle, "雁城灯火"),
        verse("正月的夜晚", false),
        verse("湘江两岸亮起来", false),
        verse("石鼓书院的钟声", true),
        verse("落进回雁峰的影子里", false),
        verse("孩子们提着灯笼", true),
        verse("走过老街", false),
    ]);
    issue.layout.article.stanza_space = 0;
    issue.layout.article.stanza_half_line = true;
    let laid = lay(&issue);
    let g = &issue.layout.grid;
    let pitch = g.line_pitch;
    let lines = lines_of(&laid, "wide");
    let base: Vec<f64> = (1..=6)
        .map(|b| block_lines(&lines, b)[0].baseline)
        .collect();
    let steps: Vec<f64> = base.windows(2).map(|w| (w[1] - w[0]) / pitch).collect();
    let want = [1.0, 1.5, 1.0, 1.5, 1.0];
    for (s, w) in steps.iter().zip(want) {
        assert!((s - w).abs() < 1e-9, "steps {steps:?}");
    }
    let on_grid = |y: f64| (1..=g.lines).any(|r| (g.baseline(r) - y).abs() < 1e-6);
    assert!(on_grid(base[0]) && !on_grid(base[2]) && on_grid(base[4]));
}

/// A construct whose style the layout lacks is an error naming the style, the article
/// and the line of the block — never set silently in the body style.
#[test]
fn a_missing_block_style_is_an_error_at_the_block() {
    let mut intertitle = block(BlockKind::Intertitle, "一、提前规划行程");
    intertitle.line = 7;
    let mut strong = block(BlockKind::Paragraph, "请旅客提前购票。");
    strong.line = 9;
    strong.inlines = vec![Inline {
        range: 0..6,
        face: Face::Strong,
        dots: false,
    }];
    let mut issue = issue_with(vec![intertitle, strong]);
    issue.layout.article.styles.intertitle = None;
    issue.layout.article.styles.strong = None;
    let e = match broadsheet::layout::layout_issue(&issue, Vec::new()) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    };
    let text = e.to_string();
    assert!(
        text.contains("constructs.txt:7:1: error: the article uses an intertitle (`## …`), but the layout has no style `intertitle`"),
        "{text}"
    );
    assert!(
        text.contains("constructs.txt:9:1: error: the article uses bold text (`**…**`), but the layout has no style `strong`"),
        "{text}"
    );
}

/// Dots that would touch the next line are refused at the block that asks for them
/// (here: a layout whose dots fill the whole line gap and more).
#[test]
fn dots_that_would_touch_the_next_line_are_an_error_at_the_block() {
    let mut para = block(BlockKind::Paragraph, "请旅客提前购票。");
    para.line = 12;
    para.inlines = vec![Inline {
        range: 0..6,
        face: Face::Regular,
        dots: true,
    }];
    let mut issue = issue_with(vec![para]);
    issue.layout.article.dot_gap = 0.3;
    issue.layout.article.dot_diameter = 0.3;
    let e = match broadsheet::layout::layout_issue(&issue, Vec::new()) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("constructs.txt:12:1: error: emphasis dots (着重号) in style `body` would touch the next line"),
        "{e}"
    );
}

/// Kinsoku across a face switch (CLReq 3.1.7, line-start prohibition): a bold run fills
/// the first line to the measure and the full stop after it is in the body face — it
/// still never starts the next line.
#[test]
fn kinsoku_holds_across_a_face_switch() {
    // 2-character indent + 11 characters fill the 13-character column; `。` follows.
    let text = "衡阳火车站预计发送旅客。春运期间请提前购票。";
    let mut para = block(BlockKind::Paragraph, text);
    let bold_end = text.find('。').unwrap();
    para.inlines = vec![Inline {
        range: 0..bold_end,
        face: Face::Strong,
        dots: false,
    }];
    let issue = issue_with(vec![para]);
    let laid = lay(&issue);
    let lines = lines_of(&laid, "narrow");
    let ls = block_lines(&lines, 0);
    assert!(ls.len() >= 2);
    for l in &ls[1..] {
        assert!(
            !l.text.starts_with('。'),
            "a line starts with 。: {:?}",
            l.text
        );
    }
    // The stop stays with the bold character before it: pushed in at the end of the
    // first line, or pushed out with it to the second, where the line then opens with
    // bold 客 and the body-face 。 in two fonts.
    let with_stop = ls.iter().find(|l| l.text.contains('。')).unwrap();
    let at = with_stop.text.find('。').unwrap();
    assert!(
        at > 0 && with_stop.text[..at].ends_with('客'),
        "{:?}",
        with_stop.text
    );
    let fonts: std::collections::BTreeSet<_> = with_stop.glyphs.iter().map(|g| g.font).collect();
    assert!(fonts.len() >= 2);
    assert!(with_stop
        .faces
        .iter()
        .any(|(r, f)| *f == Face::Strong && with_stop.text[r.clone()].ends_with('客')));
}

/// An intertitle too long for its measure breaks at the space between its phrases,
/// not where the line is full (`铁路公路双线发力 暖心` / `服务伴您回家`), and a heading
/// without spaces is balanced: lines of like length, not a full line and a tail.
#[test]
fn intertitles_break_at_phrases_and_balance() {
    let texts = |laid: &broadsheet::layout::LaidOut, story: &str, paragraph: usize| {
        block_lines(&lines_of(laid, story), paragraph)
            .iter()
            .map(|l| l.text.trim().to_string())
            .collect::<Vec<String>>()
    };
    let laid = lay(&issue_with(vec![
        block(BlockKind::Paragraph, "衡阳市民欢度春节，街头巷尾年味浓。"),
        block(BlockKind::Intertitle, "铁路公路双线发力 暖心服务伴您回家"),
        block(
            BlockKind::Intertitle,
            "衡阳市全力做好春运期间各项安全保障工作",
        ),
    ]));
    // The narrow story's column takes 11 characters of the 10.5 pt intertitle.
    assert_eq!(
        texts(&laid, "narrow", 1),
        ["铁路公路双线发力", "暖心服务伴您回家"]
    );
    let balanced = texts(&laid, "narrow", 2);
    assert_eq!(balanced.concat(), "衡阳市全力做好春运期间各项安全保障工作");
    let counts: Vec<usize> = balanced.iter().map(|t| t.chars().count()).collect();
    assert_eq!(counts.len(), 2, "{balanced:?}");
    assert!(counts[0].abs_diff(counts[1]) <= 1, "{balanced:?}");
}

/// House rules are layout data: `[article] head_space` is the blank lines between a
/// headline block and the body (default 1), `underset_lines` the empty body lines per
/// column a story's last frame may leave before the story is reported underset
/// (default 3).
#[test]
fn head_space_and_underset_lines_are_layout_keys() {
    let paragraph = || block(BlockKind::Paragraph, "春运首日，全市客流平稳有序。");
    let mut issue = issue_with(vec![paragraph()]);
    assert_eq!(issue.layout.article.head_space, 1);
    assert_eq!(issue.layout.article.underset_lines, 3);
    let first_baseline = |issue: &Issue| {
        let laid = lay(issue);
        let lines = lines_of(&laid, "narrow");
        let underset = laid
            .diags
            .0
            .iter()
            .any(|d| d.message.contains("story `narrow` is underset"));
        (lines[0].baseline, underset)
    };
    let (at_one, underset) = first_baseline(&issue);
    // One short paragraph in a big frame: underset at the default threshold too.
    assert!(underset);
    issue.layout.article.head_space = 3;
    let (at_three, _) = first_baseline(&issue);
    let pitch = issue.layout.grid.line_pitch;
    assert!(
        (at_three - at_one - 2.0 * pitch).abs() < 1e-6,
        "{at_one} → {at_three}, pitch {pitch}"
    );
    // A threshold as large as the frame is never crossed.
    issue.layout.article.underset_lines = 10_000;
    let (_, underset) = first_baseline(&issue);
    assert!(!underset);
}

/// `[article] intertitle_keep`: an intertitle on the fourth line from a column's end has
/// three lines after it there. With the default (two kept lines) it stays; when four
/// must follow it, it opens the next column (blocks from [`intertitle_at`]).
#[test]
fn intertitle_keep_is_a_layout_key() {
    // The intertitle's row: three rows above the narrow story's last (48).
    let (blocks, before_index) = intertitle_at(48 - 3);
    for (keep, moves) in [(2, false), (3, false), (4, true)] {
        let mut issue = issue_with(blocks.clone());
        issue.layout.article.intertitle_keep = keep;
        let laid = lay(&issue);
        let lines = lines_of(&laid, "narrow");
        let col = |l: &TextLine| x0(l) - in_column(&laid, l);
        let before = *block_lines(&lines, before_index).last().unwrap();
        let title = block_lines(&lines, before_index + 1)[0];
        assert_eq!(col(title) > col(before), moves, "intertitle_keep = {keep}");
    }
}
