//! The layout's `[output]` table: the printing condition the pages are made for and the
//! PDF/X standard the file claims.
//!
//! PDF/X-4 (ISO 15930-7) needs an output intent of subtype `GTS_PDFX` whose
//! `DestOutputProfile` is the ICC output profile of the printing condition; PDF/X-4p
//! ("p" for partial) references the profile (`DestOutputProfileRef`) instead
//! of embedding it, for a plant whose profile may not be redistributed. `standard =
//! "none"` writes no output intent and no PDF/X claim: the file never claims a standard
//! it does not meet. Without an `[output]` table the layout claims nothing.

use std::path::Path;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::geom::mm;
use crate::spec::keys::TableAt;
use crate::spec::load_toml::SourceFile;
use crate::spec::numbers::float_in;
use crate::spec::raw::OutputSpec;

/// The PDF/X standard a file claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    /// PDF/X-4 (ISO 15930-7): output profile embedded.
    PdfX4,
    /// PDF/X-4p (ISO 15930-7): output profile referenced, not embedded.
    PdfX4p,
    /// No PDF/X claim, no output intent.
    None,
}

impl Standard {
    /// The `GTS_PDFXVersion` value, or `None` for no claim.
    pub fn version(self) -> Option<&'static str> {
        match self {
            Standard::PdfX4 => Some("PDF/X-4"),
            Standard::PdfX4p => Some("PDF/X-4p"),
            Standard::None => None,
        }
    }
}

/// The `standard` keywords.
pub(crate) const STANDARDS: &[(&str, Standard)] = &[
    ("PDF/X-4", Standard::PdfX4),
    ("PDF/X-4p", Standard::PdfX4p),
    ("none", Standard::None),
];

/// The ICC version PDF 1.6 (and so PDF/X-4) is based on: ICC.1:2003-09, version 4.1
/// (PDF Reference 1.7, Table 4.17). A newer profile needs an `/Alternate` the version
/// reads.
pub const PDF_1_6_ICC_VERSION: (u8, u8) = (4, 1);

/// Whether an ICC profile's header version (ICC.1 §7.2.4: byte 8 major, the high
/// nibble of byte 9 minor) is one PDF 1.6 reads; a profile too short to say is not.
pub fn icc_fits_pdf_1_6(icc: &[u8]) -> bool {
    match (icc.get(8), icc.get(9)) {
        (Some(&major), Some(&minor)) => (major, minor >> 4) <= PDF_1_6_ICC_VERSION,
        _ => false,
    }
}

/// An ICC output profile read from disk, with the header fields the PDF needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IccProfile {
    /// File name (for `DestOutputProfileRef /ProfileName`).
    pub name: String,
    /// Where it was read from (an input of the issue: no output may replace it).
    pub path: std::path::PathBuf,
    pub bytes: Vec<u8>,
    /// Major and minor version from the header (ICC.1 §7.2.4), e.g. (2, 2) or (4, 3).
    pub version: (u8, u8),
}

impl IccProfile {
    /// Check the header of a CMYK output profile (ICC.1:2010 §7.2): size field equal to
    /// the file size, signature `acsp`, device class `prtr` (output), colour space
    /// `CMYK`. Returns the version, or what is wrong.
    pub fn check_cmyk_output(bytes: &[u8]) -> Result<(u8, u8), String> {
        if bytes.len() < 128 {
            return Err("shorter than an ICC header (128 bytes)".into());
        }
        let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if usize::try_from(size).ok() != Some(bytes.len()) {
            return Err(format!(
                "header says {size} bytes, the file has {}",
                bytes.len()
            ));
        }
        if &bytes[36..40] != b"acsp" {
            return Err("no `acsp` signature: not an ICC profile".into());
        }
        if &bytes[12..16] != b"prtr" {
            return Err("not an output (printer) profile".into());
        }
        if &bytes[16..20] != b"CMYK" {
            return Err("its colour space is not CMYK".into());
        }
        Ok((bytes[8], bytes[9] >> 4))
    }
}

/// The resolved `[output]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputCondition {
    pub standard: Standard,
    /// The output profile: embedded for PDF/X-4, checksummed and named for PDF/X-4p.
    /// `None` only when `standard` is `None`.
    pub profile: Option<IccProfile>,
    /// Where the profile can be had (PDF/X-4p).
    pub profile_url: Option<String>,
    /// `OutputConditionIdentifier` (a registered name such as "CGATS TR 002").
    pub identifier: String,
    /// `OutputCondition`: a description of the printing condition.
    pub condition: String,
    /// `RegistryName`.
    pub registry: String,
    /// The edition's deadline as hour, minute, second (local time).
    pub deadline: (u8, u8, u8),
    /// The deadline's UTC offset in minutes (+08:00 = 480).
    pub utc_offset_minutes: i16,
    /// Total area coverage limit, percent.
    pub tac_percent: f64,
    /// Gap between the BleedBox and where crop marks start, points.
    pub mark_offset: f64,
    /// Smallest text size allowed in more than one ink, points.
    pub min_multi_ink_text: f64,
    /// Thinnest line inside the BleedBox, points (0: not checked).
    pub min_line_width: f64,
    /// Smallest white (reversed) text, points.
    pub min_reversed_text: f64,
    /// Lowest resolution of a continuous-tone image, ppi (0: not checked).
    pub min_image_ppi: f64,
    /// Spot colours may be painted.
    pub allow_spot: bool,
    /// Convert JPEG and PNG pictures to the output profile's CMYK, within
    /// `tac_percent` (`pictures::convert`). Only with a `profile`.
    pub convert_images: bool,
}

/// Defaults: newsprint values, no standard claimed.
pub const DEFAULT_REGISTRY: &str = "http://www.color.org";
/// TAC for coldset newsprint (ISO 12647-3 and CGATS TR 002 allow 240–260 %).
pub const DEFAULT_TAC: f64 = 240.0;
/// Crop marks start this far outside the BleedBox.
pub const DEFAULT_MARK_OFFSET_MM: f64 = 2.0;
/// Lines thinner than this are lost on newsprint (0.25 pt ≈ 0.09 mm); the house's
/// default, to be set to the plant's own limit.
pub const DEFAULT_MIN_LINE_WIDTH: f64 = 0.25;
/// White text on a printed ground fills in below this size on newsprint; the house's
/// default.
pub const DEFAULT_MIN_REVERSED_TEXT: f64 = 7.0;
/// Continuous-tone images below this resolution print soft on a coldset press; the
/// house's default.
pub const DEFAULT_MIN_IMAGE_PPI: f64 = 100.0;
/// Text smaller than this in two or more inks is at the mercy of misregistration on a
/// newspaper press; 7 pt is a common newspaper preflight limit.
pub const DEFAULT_MIN_MULTI_INK_TEXT: f64 = 7.0;

impl Default for OutputCondition {
    fn default() -> Self {
        OutputCondition {
            standard: Standard::None,
            profile: None,
            profile_url: None,
            identifier: String::new(),
            condition: String::new(),
            registry: DEFAULT_REGISTRY.into(),
            deadline: (0, 0, 0),
            utc_offset_minutes: 480,
            tac_percent: DEFAULT_TAC,
            mark_offset: mm(DEFAULT_MARK_OFFSET_MM),
            min_multi_ink_text: DEFAULT_MIN_MULTI_INK_TEXT,
            min_line_width: DEFAULT_MIN_LINE_WIDTH,
            min_reversed_text: DEFAULT_MIN_REVERSED_TEXT,
            min_image_ppi: DEFAULT_MIN_IMAGE_PPI,
            allow_spot: false,
            convert_images: false,
        }
    }
}

/// Resolve `[output]`. `base` is the layout file's directory, `slug` the room outside
/// the bleed (the crop marks and their offset must fit in it).
pub fn resolve_output(
    src: &SourceFile,
    base: &Path,
    spec: Option<&OutputSpec>,
    slug: f64,
    diags: &mut Diagnostics,
) -> OutputCondition {
    let mut out = OutputCondition::default();
    let Some(s) = spec else { return out };
    let at = TableAt::new(src, "[output]");
    out.standard = s.standard(&at, diags);
    out.condition = s.condition.clone().unwrap_or_default();
    out.registry = s.registry.clone().unwrap_or(out.registry);
    out.profile_url = s.profile_url.as_ref().map(|u| u.get_ref().clone());
    if let Some(id) = &s.condition_identifier {
        out.identifier = id.get_ref().clone();
    }
    if let Some(p) = &s.profile {
        out.profile = load_profile(src, base, p, diags);
    }
    if out.standard != Standard::None {
        require_claim_fields(src, s, &out, diags);
    }
    if let Some(d) = &s.deadline {
        out.deadline = deadline(src, d, diags);
    }
    if let Some(o) = &s.utc_offset {
        out.utc_offset_minutes = utc_offset(o.get_ref()).unwrap_or_else(|| {
            diags.push(
                src.error_at(o.span(), format!("bad UTC offset `{}`", o.get_ref()))
                    .with_hint("write it as +HH:MM or -HH:MM, e.g. \"+08:00\""),
            );
            480
        });
    }
    out.tac_percent = s.tac_percent(&at, diags);
    if let Some(m) = &s.mark_offset_mm {
        // The marks need at least 3 mm of length inside the slug (1 mm kept clear at
        // the media edge).
        let max = (slug / mm(1.0) - 4.0).max(0.0);
        out.mark_offset = mm(float_in(
            src,
            m,
            0.0..=max,
            &at.what("mark_offset_mm"),
            diags,
        ));
    }
    out.min_multi_ink_text = s.min_multi_ink_text_pt(&at, diags);
    out.min_line_width = s.min_line_width_pt(&at, diags);
    out.min_reversed_text = s.min_reversed_text_pt(&at, diags);
    out.min_image_ppi = s.min_image_ppi(&at, diags);
    out.allow_spot = s.allow_spot();
    if let Some(c) = &s.convert_images {
        out.convert_images = *c.get_ref();
        if out.convert_images && s.profile.is_none() {
            diags.push(
                src.error_at(c.span(), "`convert_images` needs an output `profile`")
                    .with_hint("pictures are converted to the CMYK of the output profile"),
            );
        }
    }
    out
}

/// A claim needs a profile (embedded or referenced), an identifier, and for PDF/X-4p a
/// URL.
fn require_claim_fields(
    src: &SourceFile,
    s: &OutputSpec,
    out: &OutputCondition,
    diags: &mut Diagnostics,
) {
    let at = s.standard.as_ref().map_or(0..0, |v| v.span());
    let claim = out.standard.version().unwrap_or("PDF/X");
    if s.profile.is_none() {
        diags.push(
            src.error_at(at.clone(), format!("{claim} needs an output `profile`"))
                .with_hint("e.g. profile = \"../profiles/CGATS-TR002-newsprint.icc\""),
        );
    }
    if out.identifier.is_empty() {
        diags.push(
            src.error_at(
                at.clone(),
                format!("{claim} needs a `condition_identifier`"),
            )
            .with_hint("the registered name of the printing condition, e.g. \"CGATS TR 002\""),
        );
    }
    if out.standard == Standard::PdfX4p && out.profile_url.is_none() {
        diags.push(src.error_at(
            at,
            "PDF/X-4p needs a `profile_url` where the profile can be had",
        ));
    }
}

fn load_profile(
    src: &SourceFile,
    base: &Path,
    p: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<IccProfile> {
    let path = base.join(p.get_ref());
    let bytes = match read_bounded(&path) {
        Ok(b) => b,
        Err(why) => {
            diags.push(src.error_at(
                p.span(),
                format!("failed to read profile `{}` ({why})", p.get_ref()),
            ));
            return None;
        }
    };
    match IccProfile::check_cmyk_output(&bytes) {
        Ok(version) => Some(IccProfile {
            path: path.clone(),
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes,
            version,
        }),
        Err(why) => {
            diags.push(src.error_at(
                p.span(),
                format!(
                    "profile `{}` is not a CMYK output profile ({why})",
                    p.get_ref()
                ),
            ));
            None
        }
    }
}

/// Largest output profile read, in bytes (output profiles are well under 10 MB;
/// a device file such as `/dev/zero` would otherwise be read until memory runs out).
const MAX_PROFILE_BYTES: u64 = 32 << 20;

/// Read a regular file of at most [`MAX_PROFILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_PROFILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_PROFILE_BYTES {
        return Err(format!("larger than {} MiB", MAX_PROFILE_BYTES >> 20));
    }
    Ok(bytes)
}

fn deadline(
    src: &SourceFile,
    d: &Spanned<toml::value::Datetime>,
    diags: &mut Diagnostics,
) -> (u8, u8, u8) {
    let v = d.get_ref();
    match (v.date, v.time, v.offset) {
        (None, Some(t), None) => (t.hour, t.minute, t.second.unwrap_or(0)),
        _ => {
            diags.push(
                src.error_at(d.span(), "`deadline` must be a time of day like 23:30")
                    .with_hint("the UTC offset goes in `utc_offset`"),
            );
            (0, 0, 0)
        }
    }
}

/// `+HH:MM` / `-HH:MM` in minutes, hours 0–14 and minutes 0–59.
pub fn utc_offset(s: &str) -> Option<i16> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: i16 = h.parse().ok()?;
    let m: i16 = m.parse().ok()?;
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn utc_offsets() {
        assert_eq!(utc_offset("+08:00"), Some(480));
        assert_eq!(utc_offset("-03:30"), Some(-210));
        assert_eq!(utc_offset("08:00"), None);
        assert_eq!(utc_offset("+8:00"), None);
        assert_eq!(utc_offset("+15:00"), None);
    }

    #[test]
    fn the_shipped_profile_is_a_cmyk_output_profile() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/profiles/CGATS-TR002-newsprint.icc"
        ))
        .unwrap();
        assert_eq!(IccProfile::check_cmyk_output(&bytes), Ok((2, 2)));
        let mut rgb = bytes.clone();
        rgb[16..20].copy_from_slice(b"RGB ");
        assert!(IccProfile::check_cmyk_output(&rgb).is_err());
        assert!(IccProfile::check_cmyk_output(&bytes[..100]).is_err());
    }

    #[test]
    fn standards_name_their_version() {
        assert_eq!(Standard::PdfX4.version(), Some("PDF/X-4"));
        assert_eq!(Standard::PdfX4p.version(), Some("PDF/X-4p"));
        assert_eq!(Standard::None.version(), None);
    }
}
