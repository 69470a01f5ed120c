//! The live page view of `broadsheet watch --serve`: what the server answers (plain
//! HTTP from the test), and the page in a real browser (Debian's Chromium driven by
//! its ChromeDriver over the WebDriver protocol): an edit to an article changes the
//! page image and brings up the overset marker without a reload.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common;
use crate::watch::{Child, Watcher, ARTICLE, ISSUE};

/// `watch --serve --port 0` in `dir`, and the port its live view took.
fn serve(dir: &Path) -> (Watcher, u16) {
    let w = Watcher::start(dir, &["--serve", "--port", "0"]);
    let first = w.next();
    let port = first
        .strip_prefix("live view: http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no live view address: {first}"));
    (w, port)
}

/// One HTTP/1.1 exchange on a new connection: the status code and the body.
fn http(port: u16, request_head: &str, body: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(
        s,
        "{request_head}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read the head, then the body by its length (a server may keep the connection
    // open), by its chunks, or to the end.
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "the connection closed before the response head");
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    let length: Option<usize> = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    let mut body = raw.split_off(split + 4);
    loop {
        let complete = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = s.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    if chunked {
        body = dechunk(&body);
    }
    (code, body)
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&raw[..eol]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 4 + size..];
    }
}

fn get(port: u16, path: &str, host: &str) -> (u16, Vec<u8>) {
    http(port, &format!("GET {path} HTTP/1.1\r\nHost: {host}"), "")
}

fn issue_dir(name: &str) -> std::path::PathBuf {
    let dir = common::scratch_dir("live", name, &[]);
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(dir.join("issue.toml"), ISSUE).unwrap();
    // Saved a while ago: a file modified as the first round starts counts as changed
    // (it may have been saved after it was read), which would add a round.
    let ago = std::time::SystemTime::now() - Duration::from_secs(10);
    for f in ["a.txt", "issue.toml"] {
        let file = std::fs::File::options()
            .write(true)
            .open(dir.join(f))
            .unwrap();
        file.set_modified(ago).unwrap();
    }
    dir
}

/// An article that overfills the story's 2 × 20-line area.
fn overfilled() -> String {
    ARTICLE.replace("第二段。", &"第二段很长。".repeat(200))
}

/// The server gives the page, its image and status, and nothing else: not to another
/// host name, not for another method, not a path outside its routes.
#[test]
fn the_live_view_serves_its_pages_and_nothing_else() {
    let dir = issue_dir("serve");
    let (w, port) = serve(&dir);
    let round = w.round();
    assert!(
        round.starts_with("round 1: first render: 1 pages"),
        "{round}"
    );
    let host = format!("127.0.0.1:{}", port);

    let (code, html) = get(port, "/", &host);
    assert_eq!(code, 200);
    assert!(String::from_utf8_lossy(&html).contains("<script src=\"/view.js\">"));

    let (code, state) = get(port, "/state.json", &host);
    assert_eq!(code, 200);
    let state: Value = serde_json::from_slice(&state).unwrap();
    assert_eq!(state["round"], 1);
    assert_eq!(state["pages"], json!([[1, 1]]));
    assert_eq!(state["overset"], json!([]));

    // The page image: one glyph outline per distinct glyph, one use per glyph set.
    let (code, svg) = get(port, "/page/1.svg", &host);
    assert_eq!(code, 200);
    let svg = String::from_utf8(svg).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{}",
        &svg[..80]
    );
    assert!(svg.contains(r#"<path id="p1f"#));
    let uses = svg.matches("<use href=").count();
    // 衡阳市民欢度春节，街头巷尾年味浓。第二段。 and the headline 春节假期, the folio…
    assert!(uses > 20, "{uses} glyphs");
    assert!(!svg.contains("class=\"overset\""));

    // The same page under another host name (DNS rebinding) is refused.
    assert_eq!(
        get(port, "/page/1.svg", &format!("evil.example:{}", port)).0,
        403
    );
    assert_eq!(get(port, "/page/1.svg", "127.0.0.1:1").0, 403);
    // Only GET.
    let post = http(
        port,
        &format!("POST /page/1.svg HTTP/1.1\r\nHost: {host}"),
        "x",
    );
    assert_eq!(post.0, 405);
    // No page 2, no picture, no files by path.
    for path in [
        "/page/2.svg",
        "/picture/0",
        "/a.txt",
        "/issue.toml",
        "/../a.txt",
        "/page/1.svg/../../a.txt",
    ] {
        assert_eq!(get(port, path, &host).0, 404, "{path}");
    }

    // After an edit that oversets the story: a new version of page 1 with its marker.
    std::fs::write(dir.join("a.txt"), overfilled()).unwrap();
    let round = w.round();
    assert!(round.contains("1 overset"), "{round}");
    let (_, state) = get(port, "/state.json", &host);
    let state: Value = serde_json::from_slice(&state).unwrap();
    assert_eq!(state["round"], 2);
    assert_eq!(state["pages"], json!([[1, 2]]));
    assert_eq!(state["overset"].as_array().unwrap().len(), 1, "{state}");
    let (_, svg) = get(port, "/page/1.svg", &host);
    let svg = String::from_utf8(svg).unwrap();
    assert!(
        svg.contains(r#"<g class="overset" data-story="a">"#),
        "no overset mark"
    );
    assert!(svg.matches("<use href=").count() > uses);

    // A broken edit keeps the pages and reports the error.
    std::fs::write(dir.join("a.txt"), "+++\nheadline = \"x\"\n").unwrap();
    let round = w.round();
    assert!(round.contains("not written"), "{round}");
    let (_, state) = get(port, "/state.json", &host);
    let state: Value = serde_json::from_slice(&state).unwrap();
    assert_eq!(state["ok"], false);
    assert_eq!(state["pages"], json!([[1, 2]]));
    assert!(
        state["errors"][0].as_str().unwrap().contains("a.txt"),
        "{state}"
    );
}

/// A free port on 127.0.0.1 (free when asked; ChromeDriver takes it a moment later).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session of ChromeDriver driving headless Chromium; ended (browser
/// closed, driver killed) when dropped.
pub(crate) struct Browser {
    port: u16,
    session: String,
    _driver: Child,
}

impl Browser {
    pub(crate) fn start(profile: &Path) -> Browser {
        let port = free_port();
        let driver = Child(
            Command::new("chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver (Debian's chromium-driver; scripts/conformance installs it)"),
        );
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1400,1000",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        }}});
        let reply = webdriver(port, "POST", "/session", Some(&capabilities));
        let session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {reply}"))
            .to_string();
        Browser {
            port,
            session,
            _driver: driver,
        }
    }

    pub(crate) fn call(&self, method: &str, what: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        webdriver(self.port, method, &path, body)["value"].clone()
    }

    pub(crate) fn open(&self, url: &str) {
        self.call("POST", "url", Some(&json!({ "url": url })));
    }

    pub(crate) fn run(&self, script: &str) -> Value {
        self.call(
            "POST",
            "execute/sync",
            Some(&json!({ "script": script, "args": [] })),
        )
    }

    /// Run `script` until `done` holds for its value (a minute at most).
    pub(crate) fn wait_for(&self, script: &str, done: impl Fn(&Value) -> bool) -> Value {
        let started = Instant::now();
        loop {
            let v = self.run(script);
            if done(&v) {
                return v;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the page never showed it: {v}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    /// Ends the session, which closes Chromium (killing only the driver would leave
    /// the browser running). Also when the test failed: a panic here, while the test's
    /// panic unwinds, would abort the process and leave the browser behind.
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let port = self.port;
        let _ = std::panic::catch_unwind(|| webdriver(port, "DELETE", &path, None));
    }
}

fn webdriver(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let body = body.map(Value::to_string).unwrap_or_default();
    let (_, reply) = http(
        port,
        &format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
        &body,
    );
    serde_json::from_slice(&reply)
        .unwrap_or_else(|e| panic!("WebDriver reply ({e}): {}", String::from_utf8_lossy(&reply)))
}

/// What the page shows: the round it has taken in, and per page its version, the
/// glyphs drawn, the image's width on screen, and the overset marks and list.
const LOOK: &str = r#"
const figs = [...document.querySelectorAll('figure.page')];
return {
  round: Number(document.body.dataset.round || 0),
  pages: figs.map(f => ({
    version: Number(f.dataset.version || 0),
    glyphs: f.querySelectorAll('svg use').length,
    width: f.querySelector('svg') ? f.querySelector('svg').getBoundingClientRect().width : 0,
  })),
  marks: [...document.querySelectorAll('svg .marks .overset')].map(g => g.dataset.story),
  listed: [...document.querySelectorAll('#overset li')].map(l => l.textContent),
  header: document.getElementById('status').textContent,
};
"#;

/// In Chromium: the first round's page, then, after an edit that oversets the story,
/// the page image changes (a new version, more glyphs) and the overset marker appears
/// on it and in the list, without a reload.
#[test]
#[ignore = "conformance: needs chromium and chromedriver (scripts/conformance)"]
fn the_browser_shows_an_edit_and_its_overset_without_a_reload() {
    let dir = issue_dir("browser");
    let (w, port) = serve(&dir);
    let round = w.round();
    assert!(
        round.starts_with("round 1: first render: 1 pages"),
        "{round}"
    );
    let browser = Browser::start(&dir.join("chromium-profile"));
    browser.open(&format!("http://127.0.0.1:{}/", port));

    let first = browser.wait_for(LOOK, |v| {
        v["round"] == 1 && v["pages"][0]["glyphs"].as_u64() > Some(0)
    });
    assert_eq!(first["pages"].as_array().unwrap().len(), 1, "{first}");
    assert_eq!(first["pages"][0]["version"], 1);
    assert!(
        first["pages"][0]["width"].as_f64().unwrap() > 100.0,
        "{first}"
    );
    assert_eq!(first["marks"], json!([]));
    assert_eq!(first["listed"], json!([]));
    let glyphs = first["pages"][0]["glyphs"].as_u64().unwrap();
    // The page is marked so the test can tell a reload from an update.
    browser.run("window.sameDocument = true; return null;");

    std::fs::write(dir.join("a.txt"), overfilled()).unwrap();
    let saved = Instant::now();
    let round = w.round();
    assert!(round.contains("1 overset"), "{round}");
    let second = browser.wait_for(LOOK, |v| v["round"] == 2);
    eprintln!(
        "edit saved → page shown: {:.0} ms (debug build)",
        saved.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(second["pages"][0]["version"], 2, "{second}");
    assert!(
        second["pages"][0]["glyphs"].as_u64().unwrap() > glyphs,
        "{second}"
    );
    assert_eq!(second["marks"], json!(["a"]), "{second}");
    let listed = second["listed"][0].as_str().unwrap_or_default();
    assert!(listed.contains("story `a` is overset"), "{second}");
    assert!(
        second["header"]
            .as_str()
            .unwrap()
            .starts_with("round 2: a.txt changed"),
        "{second}"
    );
    assert_eq!(
        browser.run("return window.sameDocument === true;"),
        json!(true)
    );
}

/// The sample issue, laid out.
fn sample() -> broadsheet::Laid {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    broadsheet::lay_out(
        Path::new("issue.toml"),
        &broadsheet::RenderOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The page image sets every glyph of the page where the PDF sets it: each `<use>`
/// of a run's group, mapped back through the group's matrix, lands on its glyph's
/// pen position and baseline (to 1/100 pt), in the same order; every `<use>` names an
/// outline defined on the page, but for glyphs that have none (spaces).
#[test]
fn the_page_image_puts_every_glyph_where_the_pdf_does() {
    let laid = sample();
    let doc = &laid.document;
    let page = &doc.pages[0];
    let svg = broadsheet::live::svg::page_svg(
        doc,
        page,
        &broadsheet::live::marks::page_marks(&laid, page),
        &[],
        &Default::default(),
    );
    // The outlines kept between rounds give the same image as outlines read afresh.
    let mut kept = broadsheet::live::svg::Outlines::default();
    kept.add_pages(doc, &[page]);
    let marks = broadsheet::live::marks::page_marks(&laid, page);
    assert!(broadsheet::live::svg::page_svg(doc, page, &marks, &[], &kept) == svg);
    let tree = roxmltree::Document::parse(&svg).unwrap();

    let mut expected = Vec::new();
    for item in &page.items {
        if let broadsheet::page::Item::Text(line) = item {
            for g in &line.glyphs {
                expected.push((g.font.0, g.id, g.x, line.baseline - g.y_offset));
            }
        }
    }
    let defined: std::collections::HashSet<&str> = tree
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut drawn = Vec::new();
    for group in tree.descendants().filter(|n| n.has_tag_name("g")) {
        let Some(m) = group
            .attribute("transform")
            .and_then(|t| t.strip_prefix("matrix("))
        else {
            continue;
        };
        let m: Vec<f64> = m
            .trim_end_matches(')')
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let (s, x0, y0) = (m[0], m[4], m[5]);
        assert_eq!(m[3], -s, "a run's group flips y");
        for u in group.children().filter(|n| n.has_tag_name("use")) {
            let href = u.attribute("href").unwrap().trim_start_matches('#');
            let (font, glyph) = href
                .strip_prefix("p1f")
                .and_then(|r| r.split_once('g'))
                .map(|(f, g)| (f.parse::<u16>().unwrap(), g.parse::<u16>().unwrap()))
                .unwrap_or_else(|| panic!("glyph id {href}"));
            let dx: f64 = u.attribute("x").unwrap().parse().unwrap();
            let dy: f64 = u.attribute("y").map_or(0.0, |v| v.parse().unwrap());
            drawn.push((font, glyph, x0 + dx * s, y0 - dy * s));
            if !defined.contains(href) {
                let font = doc.fonts.get(broadsheet::text::FontId(font));
                let face = font.face().unwrap();
                let mut sink = NoOutline;
                assert!(
                    face.outline_glyph(ttf_parser::GlyphId(glyph), &mut sink)
                        .is_none(),
                    "glyph {href} has an outline but no <path>"
                );
            }
        }
    }
    assert!(expected.len() > 3000, "{} glyphs on page 1", expected.len());
    assert_eq!(drawn.len(), expected.len());
    for (d, e) in drawn.iter().zip(&expected) {
        assert_eq!((d.0, d.1), (e.0, e.1));
        assert!(
            (d.2 - e.2).abs() < 0.01 && (d.3 - e.3).abs() < 0.01,
            "drawn {d:?}, set {e:?}"
        );
    }
}

struct NoOutline;

impl ttf_parser::OutlineBuilder for NoOutline {
    fn move_to(&mut self, _: f32, _: f32) {}
    fn line_to(&mut self, _: f32, _: f32) {}
    fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
    fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
    fn close(&mut self) {}
}

/// After a round, the view draws again only what changed: an unchanged layout changes
/// no page; a line moved on page 5 changes page 5 alone; a replaced picture changes the
/// pages that place it, and its address changes so the browser fetches it again.
#[test]
fn the_view_draws_again_only_the_pages_that_changed() {
    let laid = sample();
    let mut view = broadsheet::live::View::default();
    assert_eq!(view.update_pages(1, &laid), (1..=8).collect::<Vec<u32>>());
    assert_eq!(view.update_pages(2, &laid), Vec::<u32>::new());
    assert!(view.pages.iter().all(|p| p.version == 1));

    let mut moved = laid.clone();
    let line = moved.document.pages[4]
        .items
        .iter_mut()
        .find_map(|i| match i {
            broadsheet::page::Item::Text(l) => Some(l),
            _ => None,
        })
        .unwrap();
    line.baseline += 12.0;
    assert_eq!(view.update_pages(3, &moved), vec![5]);
    let versions: Vec<u32> = view.pages.iter().map(|p| p.version).collect();
    assert_eq!(versions, [1, 1, 1, 1, 3, 1, 1, 1]);

    // A story whose overset grows: its page is the same, its mark is not.
    let mut over = moved.clone();
    // The story on page 3 overset by one line of `chars` characters.
    let overset = |laid: &mut broadsheet::Laid, chars: usize| {
        let story = laid
            .report
            .stories
            .iter_mut()
            .find(|s| s.pages == [3])
            .unwrap();
        story.overset_lines = 1;
        story.overset_chars = chars;
    };
    overset(&mut over, 5);
    assert_eq!(view.update_pages(31, &over), vec![3]);
    assert!(view.pages[2].svg.contains("1 lines, 5 characters"));
    overset(&mut over, 9);
    assert_eq!(view.update_pages(32, &over), vec![3]);
    assert!(view.pages[2].svg.contains("1 lines, 9 characters"));
    assert_eq!(view.update_pages(33, &moved), vec![3]);

    // The picture placed on page 1 replaced by other bytes.
    let mut replaced = moved.clone();
    let (page_of, asset) = replaced
        .document
        .pages
        .iter()
        .find_map(|p| {
            p.items.iter().find_map(|i| match i {
                broadsheet::page::Item::Image(img)
                    if !matches!(
                        replaced.document.pictures[img.asset.0].info,
                        broadsheet::pictures::PictureInfo::Pdf(_)
                    ) =>
                {
                    Some((p.number, img.asset.0))
                }
                _ => None,
            })
        })
        .unwrap();
    let mut bytes = (*replaced.document.pictures[asset].bytes).clone();
    bytes.push(0);
    replaced.document.pictures[asset].bytes = std::sync::Arc::new(bytes);
    let changed = view.update_pages(4, &replaced);
    assert!(changed.contains(&page_of), "{changed:?}");
    let svg = &view.pages[page_of as usize - 1].svg;
    assert!(
        svg.contains(&format!("/picture/{asset}?v=4")),
        "the picture's address"
    );
}
