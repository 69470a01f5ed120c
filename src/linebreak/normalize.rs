//! PLACEHOLDER (replaced by the linebreak branch).
/// Normalise wire copy.
pub fn normalize_wire_text(raw: &str) -> String {
    let mut out = String::new();
    for line in raw.lines() {
        out.push_str(line.trim());
    }
    out
}
