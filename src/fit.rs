//! `broadsheet fit`: the areas the make-up step decided, written back into a copy of
//! the issue spec with toml_edit, so comments, order and spacing stay as the editor
//! wrote them. A story whose `rows` were left out gets `rows` in its `area`; a story
//! given only `cols` gets `area = { col, cols, row, rows }` in place of `cols` (and
//! loses `band`, `order`, `min_rows`, `max_rows`). Rendering the fitted spec gives the
//! same PDF.

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, Value};

use crate::diag::Diagnostic;
use crate::layout::makeup::PlacedArea;

/// The keys of a story placed by the make-up step that a fixed area replaces.
const AUTO_KEYS: &[&str] = &["cols", "band", "order", "min_rows", "max_rows"];

/// `text` (the issue spec) with every area of `placed` written in.
pub fn fit_spec(text: &str, placed: &[PlacedArea]) -> Result<String, Diagnostic> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| Diagnostic::error(format!("the issue file does not parse again ({e})")))?;
    for p in placed {
        let story = doc
            .get_mut("page")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|pages| pages.get_mut(p.page as usize - 1))
            .and_then(|page| page.get_mut("story"))
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|stories| stories.get_mut(p.table.saturating_sub(1)))
            .ok_or_else(|| {
                Diagnostic::error(format!(
                    "page {} has no [[page.story]] number {} to write story `{}` into",
                    p.page, p.table, p.story
                ))
            })?;
        write_area(story, p);
    }
    Ok(doc.to_string())
}

/// Write `p`'s area into its story table: `rows` into an area that has the rest, or a
/// whole `area` where `cols` stood.
fn write_area(story: &mut Table, p: &PlacedArea) {
    if let Some(area) = story.get_mut("area").and_then(Item::as_inline_table_mut) {
        // `{ col = 1, cols = 4, row = 4 }`: the space before `}` moves after `rows`.
        let mut rows = Value::from(i64::from(p.rows));
        let tail = area
            .iter_mut()
            .last()
            .and_then(|(_, v)| {
                let suffix = v
                    .decor()
                    .suffix()
                    .and_then(|s| s.as_str())
                    .map(str::to_string);
                v.decor_mut().set_suffix("");
                suffix
            })
            .unwrap_or_default();
        rows.decor_mut().set_prefix(" ");
        rows.decor_mut().set_suffix(tail);
        area.insert("rows", rows);
        return;
    }
    let mut area = InlineTable::new();
    for (k, v) in [
        ("col", p.col),
        ("cols", p.cols),
        ("row", p.row),
        ("rows", p.rows),
    ] {
        area.insert(k, Value::from(i64::from(v)));
    }
    area.fmt();
    // Rebuild the table in its order, `area` where `cols` was, keeping each key's
    // comments and the trailing comment of `cols`' value.
    let keys: Vec<String> = story.iter().map(|(k, _)| k.to_string()).collect();
    let entries: Vec<(Key, Item)> = keys.iter().filter_map(|k| story.remove_entry(k)).collect();
    for (key, item) in entries {
        if key.get() == "cols" {
            let mut value = Value::InlineTable(area.clone());
            if let Some(old) = item.as_value() {
                *value.decor_mut() = old.decor().clone();
            }
            let new_key = Key::new("area").with_leaf_decor(key.leaf_decor().clone());
            story.insert_formatted(&new_key, Item::Value(value));
        } else if !AUTO_KEYS.contains(&key.get()) {
            story.insert_formatted(&key, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(table: usize, (col, cols, row, rows): (u32, u32, u32, u32)) -> PlacedArea {
        PlacedArea {
            page: 1,
            story: "s".into(),
            table,
            sizing: "auto",
            col,
            cols,
            row,
            rows,
        }
    }

    /// `cols` becomes `area` in its place, with its comments; `band` and `order` go;
    /// an area without `rows` gets them before its closing brace; the rest is kept.
    #[test]
    fn areas_are_written_where_the_editor_left_them_open() {
        let spec = "# the issue\n[[page]]\nsection = \"综合\"\n\n\
                    [[page.story]]\narticle = \"a.txt\"   # lead\n\
                    # width only\ncols = 5   # five columns\nband = \"top\"\norder = 1\n\
                    headline = \"x\"\n\n\
                    [[page.story]]\narticle = \"b.txt\"\narea = { col = 6, cols = 3, row = 4 }   # rows open\n";
        let out = fit_spec(spec, &[placed(1, (1, 5, 4, 35)), placed(2, (6, 3, 4, 41))]).unwrap();
        assert_eq!(
            out,
            "# the issue\n[[page]]\nsection = \"综合\"\n\n\
             [[page.story]]\narticle = \"a.txt\"   # lead\n\
             # width only\narea = { col = 1, cols = 5, row = 4, rows = 35 }   # five columns\n\
             headline = \"x\"\n\n\
             [[page.story]]\narticle = \"b.txt\"\narea = { col = 6, cols = 3, row = 4, rows = 41 }   # rows open\n"
        );
    }

    #[test]
    fn a_story_the_spec_lacks_is_an_error() {
        let e = fit_spec("[[page]]\n", &[placed(3, (1, 1, 1, 1))]).unwrap_err();
        assert!(
            e.to_string()
                .contains("page 1 has no [[page.story]] number 3"),
            "{e}"
        );
    }
}
