//! Naming the page and item in furniture errors: a caption, ad or teaser error is
//! already located at its entry in issue.toml (`file:line:col`, from the item's `Loc`);
//! the message also says which page and which item, e.g. `page 3, ad 2: …`, so it reads
//! without opening the file.

use crate::diag::Diagnostics;

/// A `map_err` adapter prefixing every message with `page {page}, {item} {index + 1}: `.
pub fn in_item(page: u32, item: &'static str, index: usize) -> impl Fn(Diagnostics) -> Diagnostics {
    move |mut diags| {
        for d in &mut diags.0 {
            d.message = format!("page {page}, {item} {}: {}", index + 1, d.message);
        }
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;

    #[test]
    fn messages_name_page_and_item() {
        let d = in_item(3, "ad", 1)(Diagnostic::error("too long").into());
        assert_eq!(d.0[0].message, "page 3, ad 2: too long");
    }
}
