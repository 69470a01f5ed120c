//! The live view's HTTP server (tiny_http), on 127.0.0.1 only.
//!
//! It serves only what it made: the view page and its script, the status
//! (`/state.json`), each page's image (`/page/N.svg`), the JPEG and PNG pictures the
//! current pages place (`/picture/N`, by asset number, never by path), and the event
//! stream (`/events`, server-sent events: one `data:` line of status per round). Only
//! `GET`; a request whose `Host` is not this server's loopback address is refused, so
//! another site cannot read the pages through a name that resolves to 127.0.0.1 (DNS
//! rebinding).

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use tiny_http::{Header, Method, Request, Response, Server};

use super::View;
use crate::diag::Diagnostic;
use crate::watch::Round;
use crate::Laid;

/// The page and its script, compiled in.
const PAGE_HTML: &str = include_str!("view.html");
const PAGE_JS: &str = include_str!("view.js");

/// A running live-view server. Requests are answered on a thread of their own for
/// as long as the process runs.
pub struct LiveServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
}

struct Shared {
    view: Mutex<View>,
    /// The open event streams.
    listeners: Mutex<Vec<Box<dyn Write + Send>>>,
    port: u16,
}

impl Shared {
    fn view(&self) -> MutexGuard<'_, View> {
        // A panic while the lock was held leaves a view that is still whole (it is
        // replaced field by field), so a poisoned lock is used as it is.
        self.view.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn listeners(&self) -> MutexGuard<'_, Vec<Box<dyn Write + Send>>> {
        self.listeners.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl LiveServer {
    /// Listen on 127.0.0.1:`port` (0: any free port).
    pub fn start(port: u16) -> Result<LiveServer, Diagnostic> {
        let server = Server::http(("127.0.0.1", port)).map_err(|e| {
            Diagnostic::error(format!("failed to listen on 127.0.0.1:{port} ({e})"))
                .with_hint("give another port with --port, or --port 0 for any free one")
        })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Diagnostic::error("the live view's server has no IP address"))?;
        let shared = Arc::new(Shared {
            view: Mutex::new(View::default()),
            listeners: Mutex::new(Vec::new()),
            port: addr.port(),
        });
        let serving = shared.clone();
        std::thread::Builder::new()
            .name("live-view".into())
            .spawn(move || {
                for request in server.incoming_requests() {
                    answer(&serving, request);
                }
            })
            .map_err(|e| Diagnostic::error(format!("failed to start the live view ({e})")))?;
        Ok(LiveServer { shared, addr })
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Take in round `number`'s layout as soon as it is made (before its PDF is
    /// written), then tell every open page. Returns the numbers of the pages whose image
    /// changed.
    pub fn publish_layout(&self, number: u32, laid: &Laid) -> Vec<u32> {
        let (changed, event) = {
            let mut view = self.shared.view();
            let changed = view.update_pages(number, laid);
            view.laid_out(number, laid);
            (changed, event_of(&view))
        };
        self.tell(&event);
        changed
    }

    /// Take in a round's outcome (its line, overset, warnings or errors), then tell
    /// every open page.
    pub fn publish_round(&self, round: &Round, line: String) {
        let event = {
            let mut view = self.shared.view();
            view.update_status(round, line);
            event_of(&view)
        };
        self.tell(&event);
    }

    fn tell(&self, event: &str) {
        self.shared.listeners().retain_mut(|w| {
            w.write_all(event.as_bytes())
                .and_then(|()| w.flush())
                .is_ok()
        });
    }
}

/// A server-sent event carrying the status.
fn event_of(view: &View) -> String {
    let json = serde_json::to_string(&view.status).unwrap_or_else(|_| "{}".into());
    format!("data: {json}\n\n")
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Send `body` with its content type; the view is never cached (it changes every round).
fn send(request: Request, code: u16, content_type: &str, body: Vec<u8>) {
    let mut response = Response::from_data(body).with_status_code(code);
    for h in [
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
        header(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'",
        ),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

fn refuse(request: Request, code: u16, why: &str) {
    send(
        request,
        code,
        "text/plain; charset=utf-8",
        why.as_bytes().to_vec(),
    );
}

/// Whether the request names this server by its loopback address.
fn host_is_ours(request: &Request, port: u16) -> bool {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .is_some_and(|h| {
            let host = h.value.as_str();
            host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
        })
}

fn answer(shared: &Shared, request: Request) {
    if *request.method() != Method::Get {
        return refuse(request, 405, "only GET");
    }
    if !host_is_ours(&request, shared.port) {
        return refuse(request, 403, "the live view answers only to 127.0.0.1");
    }
    let url = request.url();
    let path = url.split('?').next().unwrap_or_default().to_string();
    match path.as_str() {
        "/" => send(request, 200, "text/html; charset=utf-8", PAGE_HTML.into()),
        "/view.js" => send(
            request,
            200,
            "text/javascript; charset=utf-8",
            PAGE_JS.into(),
        ),
        "/state.json" => {
            let json = serde_json::to_vec(&shared.view().status).unwrap_or_default();
            send(request, 200, "application/json", json)
        }
        "/events" => open_events(shared, request),
        _ => {
            if let Some(n) = number_in(&path, "/page/", ".svg") {
                let svg = shared
                    .view()
                    .pages
                    .iter()
                    .find(|p| p.number == n)
                    .map(|p| p.svg.clone());
                return match svg {
                    Some(svg) => send(request, 200, "image/svg+xml", svg.as_bytes().to_vec()),
                    None => refuse(request, 404, "no such page"),
                };
            }
            if let Some(n) = number_in(&path, "/picture/", "") {
                let picture = usize::try_from(n)
                    .ok()
                    .and_then(|n| shared.view().pictures.get(n).cloned().flatten());
                return match picture {
                    Some(p) => send(request, 200, p.content_type, p.bytes.to_vec()),
                    None => refuse(request, 404, "no such picture on the pages"),
                };
            }
            refuse(request, 404, "not found")
        }
    }
}

/// The number in `path` between `prefix` and `suffix` (`/page/3.svg` → 3).
fn number_in(path: &str, prefix: &str, suffix: &str) -> Option<u32> {
    let digits = path.strip_prefix(prefix)?.strip_suffix(suffix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Start an event stream: the response head, the current status at once, then one
/// event per round (written by [`LiveServer::publish`]).
fn open_events(shared: &Shared, request: Request) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    // Held from the first event until the stream is listed, so no round falls between.
    let mut listeners = shared.listeners();
    let first = event_of(&shared.view());
    let ok = writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.write_all(first.as_bytes()))
        .and_then(|()| writer.flush());
    if ok.is_ok() {
        listeners.push(writer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_digits_only() {
        assert_eq!(number_in("/page/3.svg", "/page/", ".svg"), Some(3));
        assert_eq!(number_in("/page/.svg", "/page/", ".svg"), None);
        assert_eq!(number_in("/page/-1.svg", "/page/", ".svg"), None);
        assert_eq!(number_in("/page/../x.svg", "/page/", ".svg"), None);
        assert_eq!(number_in("/picture/12", "/picture/", ""), Some(12));
        assert_eq!(number_in("/picture/99999999999", "/picture/", ""), None);
    }
}
