//! How to fix what a check found: one short, concrete hint per kind of finding, shown
//! under it in the text report and as `hint` in JSON. The PDF/X-4 hints follow the
//! requirement each check tests (ISO 15930-7); the issue hints name the command-line
//! flags and spec fields of docs/.

/// The hint for a finding of check `id` with `message`.
pub(super) fn hint(id: &str, message: &str) -> Option<&'static str> {
    if message.contains("is not checked") {
        return Some("the content could not be read within the preflight's limits: re-export the PDF from its layout program (flattened, without nested or repeated forms) before supplying it");
    }
    Some(match id {
        "version" => "export as PDF/X-4 (PDF 1.6), or save as PDF 1.6 or lower",
        "encryption" => "save the PDF without a password or security restrictions",
        "output-intent" if message.contains("4p") || message.contains("Ref") => {
            "embed the output profile (PDF/X-4), or claim PDF/X-4p and reference it with its MD5 and a URL"
        }
        "output-intent" => "export as PDF/X-4 with the plant's CMYK output condition (its ICC profile embedded as the output intent)",
        "xmp" if message.contains("disagrees") || message.contains("says") => {
            "write the Info dictionary and the XMP packet from the same values (export the PDF again rather than editing one of them)"
        }
        "xmp" => "export as PDF/X-4: the exporter writes the XMP packet with the version, dates and document IDs",
        "info" => "set the document's title, creation and modification dates and Trapped (True or False) when exporting",
        "boxes" => "set the TrimBox to the finished size and the BleedBox to it plus the bleed, both inside the MediaBox",
        "fonts" => "embed every font when exporting (or convert its text to outlines)",
        "subset-names" => "export again so each font subset gets a tag of its own (or embed the fonts whole)",
        "icc-versions" => "use an ICC v2 (or v4.1 or lower) profile, or give the v4 profile an /Alternate space",
        "actions" => "remove JavaScript, links and other actions: a print PDF has no interactive features",
        "annotations" => "flatten or delete comments, form fields and other annotations before exporting",
        "colour-spaces" => "convert the ad to CMYK or give it an ICC-based colour space with the output intent's profile before supplying it",
        "tac" => "convert with the plant's profile (or lower the rich black) so no colour exceeds the ink limit",
        "registration" => "use the registration colour only for printer's marks outside the BleedBox; use 100 K or a CMYK mix inside",
        "small-text" => "set small text in one ink (100 K, or a spot colour), or make it larger than the minimum",
        "graphics-state" => "remove transfer functions and halftones, use PDF 1.6 blend modes, and blend transparency groups in CMYK",
        "white-overprint" => "turn overprint off for white objects (they must knock out), or remove the white object",
        "spec" => "fix the file and line the message names, then check again",
        "overset" => "cut the story, enlarge its frame, or continue it on another page",
        "placeholders" => "give the photo or ad its file in the issue (`file = …`), or remove it",
        "warnings" => "fix what the warning names at its file and line (the copy, the area or the picture), or accept the page as it is",
        "render" => "fix what the message names, then check again",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_a_hint() {
        for id in [
            "version",
            "encryption",
            "output-intent",
            "xmp",
            "info",
            "boxes",
            "fonts",
            "subset-names",
            "icc-versions",
            "actions",
            "annotations",
            "colour-spaces",
            "tac",
            "registration",
            "small-text",
            "graphics-state",
            "white-overprint",
            "spec",
            "overset",
            "placeholders",
            "warnings",
            "render",
        ] {
            assert!(hint(id, "x").is_some(), "{id}");
        }
    }
}
