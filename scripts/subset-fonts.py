#!/usr/bin/env python3
"""Regenerate the font subsets bundled in fonts/.

What it does
    Cuts the Simplified-Chinese faces of Noto Serif CJK / Noto Sans CJK
    (Regular, Bold) and LXGW WenKai Regular down to a fixed character set and
    writes them to fonts/:

        fonts/NotoSerifCJKsc-Regular.otf   CFF OpenType  (宋 body text, headlines)
        fonts/NotoSerifCJKsc-Bold.otf      CFF OpenType  (宋 bold headlines)
        fonts/NotoSansCJKsc-Regular.otf    CFF OpenType  (黑 kickers, labels)
        fonts/NotoSansCJKsc-Bold.otf       CFF OpenType  (黑 bold kickers, labels)
        fonts/LXGWWenKai-Regular.ttf       TrueType glyf (楷 bylines, captions, jump lines)
        fonts/LICENSE-OFL-NotoCJK.txt      OFL 1.1 + copyright lines (from Debian)
        fonts/LICENSE-OFL-LXGWWenKai.txt   OFL 1.1 + copyright lines (from Debian)

    and the fallback faces for what those lack (see "Fallback faces" below):

        fonts/NotoSerif-Regular.ttf        TrueType glyf (Latin, Greek, Cyrillic for 宋/楷)
        fonts/NotoSerif-Bold.ttf           TrueType glyf (the same for bold 宋)
        fonts/NotoSans-Regular.ttf         TrueType glyf (the same for 黑)
        fonts/NotoSans-Bold.ttf            TrueType glyf (the same for bold 黑)
        fonts/NotoSansMath-Regular.ttf     TrueType glyf (⟨ ⟩ ⟪ ⟫, Misc. Math Symbols-A)
        fonts/LICENSE-OFL-Noto.txt         OFL 1.1 + copyright lines (from Debian)

    The character set is
      * GB 2312: everything the Python gb2312 codec decodes over rows
        0xA1-0xF7 x cells 0xA1-0xFE;
      * the 8,105 characters of the 通用规范汉字表 (Table of General Standard
        Chinese Characters, 2013): Unihan's kTGH field, read from
        /usr/share/unicode/Unihan_OtherMappings.txt.bz2 (Debian unicode-data);
      * for the body face (Noto Serif CJK SC Regular) only: their traditional
        forms (Unihan kTraditionalVariant of those 8,105), for quoted titles and
        names in body text (陽 in 《衡陽日報》), 2,741 more characters; the other
        faces stay smaller;
      * the marks of GB/T 15834-2011 (listed in GBT15834 below);
      * printable ASCII U+0020-U+007E;
      * full-width forms U+FF01-U+FF5E and U+FFE0-U+FFE6;
      * CJK Symbols and Punctuation U+3000-U+303F;
      * General Punctuation U+2010-U+2027, U+2030-U+203B, and U+2E3A;
      * circled numbers ①-⑳ U+2460-U+2473;
      * Latin-1 Supplement U+00A0-U+00FF (¥ £ µ ° ± × ÷ Ä ö ñ ç ß ...);
      * Latin Extended-A U+0100-U+017F (Ā Ē Ī Ō Ū Œ œ ...; Noto CJK lacks 98
        of the 128, e.g. Ą Ć Č Ę Ğ İ ı Ł Ő Ř Ś Ş Š Ű Ž, which then come from
        the fallback faces);
      * the Greek letters U+0391-U+03A9 and U+03B1-U+03C9;
      * Currency Symbols U+20A0-U+20C0 (€ ₩ ...; Noto CJK lacks ₽ ₹);
      * Letterlike Symbols U+2100-U+214F (℃ № ™ ...);
      * Arrows U+2190-U+2199 and the common Mathematical Operators
        √ ∞ ≈ ≠ ≤ ≥ (U+221A U+221E U+2248 U+2260 U+2264 U+2265);
      * · U+00B7, ℃ U+2103, № U+2116, ‰ U+2030, ° U+00B0, × U+00D7, ÷ U+00F7;
      * every character in fonts/extra-chars.txt (checked in; '#' lines are
        comments).

    What a CJK face has of these comes from it: a word such as café or Müller
    is then set in one design, not with its accented letter from another face.

    Before subsetting, it reads every *.txt and *.toml file under fixtures/
    and layouts/, plus the top-level issue.toml (whichever exist), except
    fixtures/bad/ (inputs the engine rejects on purpose: other encodings,
    symlinks leading out of the tree, invisible characters) and the spaces the
    engine sets at its own width (U+2009, U+200A, U+202F). If any of them
    uses a character outside the set and the fallback faces' ranges (below),
    the script stops with an error
    that lists those characters. Add them to fonts/extra-chars.txt on purpose
    and run the script again. The set should only grow when someone decides
    it should.

    All OpenType layout features and scripts are kept (vert, vrt2, halt,
    vhal, palt, vpal, kern, vkrn, locl, aalt, ... and chws/vchw where a font
    has them), as are vhea/vmtx/VORG/BASE, the whole name table and the
    .notdef outline. The one exception is language systems for other locales.
    Before subsetting, the LangSys records tagged JAN, KOR, ZHT and ZHH are
    removed from GSUB/GPOS (see DROP_LANGSYS). The default language system
    and ZHS stay. Otherwise the layout closure keeps every Japanese, Korean
    and Traditional-Chinese regional glyph that 'locl' can reach. That gives
    each Noto subset about 1.7 times the glyphs and the megabytes (Serif
    Regular: 13,800 glyphs and 4.9 MB, against 8,301 glyphs and 2.8 MB).
    A Simplified-Chinese newspaper never asks for those locales.

    Glyph names are dropped. CFF charstrings stay subroutinized. The source head.modified timestamp is
    kept (recalc_timestamp=False), so the same inputs give byte-identical
    outputs. If a font lacks a character it was asked for, that character is
    skipped for that font only, and the script prints how many were skipped.

How to run
    From the repository root:

        python3 scripts/subset-fonts.py            # check + regenerate
        python3 scripts/subset-fonts.py --check    # only run the coverage check

    Requirements: python3 with fontTools (pip install fonttools), plus these
    Debian/Ubuntu packages:

        fonts-noto-cjk     /usr/share/fonts/opentype/noto/Noto{Serif,Sans}CJK-{Regular,Bold}.ttc
        fonts-lxgw-wenkai  /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
        fonts-noto-core    /usr/share/fonts/truetype/noto/Noto{Serif,Sans}-{Regular,Bold}.ttf,
                           /usr/share/fonts/truetype/noto/NotoSansMath-Regular.ttf

        unicode-data       /usr/share/unicode/Unihan_{OtherMappings,Variants}.txt.bz2
        fonts-hanazono     /usr/share/fonts/truetype/hanazono/HanaMinB.ttf

    The licence texts come from /usr/share/doc/<package>/copyright.

Fallback for characters beyond Noto CJK SC
    Characters of the set that Noto Serif CJK SC lacks (Extension B and later
    ideographs such as 𠀀 U+20000 in names) are cut from HanaMinB (GlyphWiki's
    Hanazono Mincho B, dual Hanazono Font License / OFL 1.1; the Hanazono Font
    License is used: it allows modified versions without the OFL's Reserved Font
    Name restriction on the name "HanaMinB")
    into fonts/HanaMinB-subset.ttf, just those characters. Layouts put it last in
    a style's font list.

Fallback faces
    For the letters and signs the CJK faces lack (Š Ł Ő ..., ₽ ₹, Cyrillic,
    Latin Extended-B, ⟨ ⟩), Noto Serif and Noto Sans (Regular and Bold) and
    Noto Sans Math are cut from fonts-noto-core (SIL OFL 1.1):

      * Noto Serif / Noto Sans: printable ASCII U+0020-U+007E, Latin-1
        Supplement U+00A0-U+00FF, Latin Extended-A U+0100-U+017F, Latin
        Extended-B U+0180-U+024F, Combining Diacritical Marks U+0300-U+036F,
        Greek and Coptic U+0370-U+03FF, Cyrillic U+0400-U+04FF, General
        Punctuation U+2010-U+2027 and U+2030-U+203A, Currency Symbols
        U+20A0-U+20C0, Letterlike Symbols U+2100-U+214F (LATIN_FALLBACK).
        ASCII and the marks are there so that a word the engine sets whole in
        the fallback face (Škoda, Łódź) has all its letters in it.
      * Noto Sans Math: Miscellaneous Mathematical Symbols-A U+27C0-U+27EF,
        which holds the mathematical angle brackets ⟨ ⟩ ⟪ ⟫ (MATH_FALLBACK).

    Hinting instructions are dropped from these faces (only there): the PDF
    does not need them, and they are a third of each Latin face's size.
    Layouts name them in a font's `fallback` list (docs/layout.md).

Run it on purpose
    Each regeneration puts several megabytes of binary font data into git.
    Only run it when the character set or the upstream packages have changed,
    then commit fonts/ together with fonts/extra-chars.txt. Also update the
    sizes and package versions in fonts/README.md.
"""

import hashlib
import os
import subprocess
import sys
import unicodedata

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONTS_DIR = os.path.join(ROOT, "fonts")
EXTRA_CHARS = os.path.join(FONTS_DIR, "extra-chars.txt")

NOTO_DIR = "/usr/share/fonts/opentype/noto"
NOTO_CORE_DIR = "/usr/share/fonts/truetype/noto"
WENKAI_DIR = "/usr/share/fonts/truetype/lxgw-wenkai"
HANAZONO_B = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
UNIHAN_DIR = "/usr/share/unicode"
FALLBACK = "HanaMinB-subset.ttf"

# (output file, source file, PostScript name to pick out of a collection or None)
FONTS = [
    ("NotoSerifCJKsc-Regular.otf", f"{NOTO_DIR}/NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular"),
    ("NotoSerifCJKsc-Bold.otf", f"{NOTO_DIR}/NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold"),
    ("NotoSansCJKsc-Regular.otf", f"{NOTO_DIR}/NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular"),
    ("NotoSansCJKsc-Bold.otf", f"{NOTO_DIR}/NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold"),
    ("LXGWWenKai-Regular.ttf", f"{WENKAI_DIR}/LXGWWenKai-Regular.ttf", None),
]

LICENSES = [
    ("LICENSE-OFL-NotoCJK.txt", "fonts-noto-cjk",
     ["NotoSerifCJKsc-Regular.otf", "NotoSerifCJKsc-Bold.otf",
      "NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf"],
     f"{NOTO_DIR}/NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular"),
    ("LICENSE-OFL-LXGWWenKai.txt", "fonts-lxgw-wenkai",
     ["LXGWWenKai-Regular.ttf"],
     f"{WENKAI_DIR}/LXGWWenKai-Regular.ttf", None),
    ("LICENSE-Hanazono.txt", "fonts-hanazono",
     [FALLBACK], HANAZONO_B, None),
    ("LICENSE-OFL-Noto.txt", "fonts-noto-core",
     ["NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSans-Regular.ttf",
      "NotoSans-Bold.ttf", "NotoSansMath-Regular.ttf"],
     f"{NOTO_CORE_DIR}/NotoSerif-Regular.ttf", None),
]

# The fallback faces' ranges (see the docstring, "Fallback faces").
LATIN_FALLBACK = [
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0180, 0x024F),  # Latin Extended-B
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x04FF),  # Cyrillic
    (0x2010, 0x2027),  # General Punctuation: dashes, quotes, dots
    (0x2030, 0x203A),  # per mille, primes, single guillemets
    (0x20A0, 0x20C0),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
]
MATH_FALLBACK = [
    (0x27C0, 0x27EF),  # Miscellaneous Mathematical Symbols-A (⟨ ⟩ ⟪ ⟫ at U+27E6-U+27EB)
]

# (output file, source file, ranges)
FALLBACK_FONTS = [
    ("NotoSerif-Regular.ttf", f"{NOTO_CORE_DIR}/NotoSerif-Regular.ttf", LATIN_FALLBACK),
    ("NotoSerif-Bold.ttf", f"{NOTO_CORE_DIR}/NotoSerif-Bold.ttf", LATIN_FALLBACK),
    ("NotoSans-Regular.ttf", f"{NOTO_CORE_DIR}/NotoSans-Regular.ttf", LATIN_FALLBACK),
    ("NotoSans-Bold.ttf", f"{NOTO_CORE_DIR}/NotoSans-Bold.ttf", LATIN_FALLBACK),
    ("NotoSansMath-Regular.ttf", f"{NOTO_CORE_DIR}/NotoSansMath-Regular.ttf", MATH_FALLBACK),
]

# GB/T 15834-2011 标点符号用法: the marks (点号 and 标号) in their full-width forms,
# with the variants the standard names (dashes, ellipsis, separators).
GBT15834 = ("。？！，、；：“”‘’（）〔〕［］｛｝【】〖〗《》〈〉「」『』"
            "—⸺…⋯·・／～－–_﹏＿")


# Language systems removed from GSUB/GPOS before subsetting (see docstring).
DROP_LANGSYS = {"JAN ", "KOR ", "ZHT ", "ZHH "}


# ---------------------------------------------------------------- char set

def gb2312_chars():
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def fixed_chars():
    cps = set()
    for lo, hi in [
        (0x0020, 0x007E),  # printable ASCII
        (0xFF01, 0xFF5E),  # full-width forms
        (0xFFE0, 0xFFE6),  # full-width signs ￠￡￢￣￤￥￦
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0x2010, 0x2027),  # General Punctuation: dashes, quotes, dots
        (0x2030, 0x203B),  # ‰ ′ ″ ‹ › ※ ...
        (0x2E3A, 0x2E3A),  # ⸺ two-em dash
        (0x2460, 0x2473),  # ① .. ⑳
        (0x00A0, 0x00FF),  # Latin-1 Supplement
        (0x0100, 0x017F),  # Latin Extended-A (what each font has)
        (0x0391, 0x03A9),  # Greek capitals Α .. Ω
        (0x03B1, 0x03C9),  # Greek small letters α .. ω
        (0x20A0, 0x20C0),  # Currency Symbols
        (0x2100, 0x214F),  # Letterlike Symbols
        (0x2190, 0x2199),  # Arrows ← ↑ → ↓ ↔ ↕ ↖ ↗ ↘ ↙
    ]:
        cps.update(range(lo, hi + 1))
    cps.update(ord(c) for c in "√∞≈≠≤≥")  # common Mathematical Operators
    cps.update(ord(c) for c in "·℃№‰°×÷")
    return {chr(cp) for cp in cps}


def ignorable(ch):
    """Characters in text files that never need a glyph."""
    return unicodedata.category(ch) == "Cc" or ch == "\ufeff"


# Spaces the engine sets at its own width with the font's U+0020 glyph
# (src/text/shape.rs, defined_space): thin, hair and narrow no-break space.
ENGINE_SPACES = {"\u2009", "\u200a", "\u202f"}


def read_extra_chars():
    chars = set()
    with open(EXTRA_CHARS, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            chars.update(c for c in line if not c.isspace() and not ignorable(c))
    return chars


def unihan(name):
    """(code point, field, value) rows of one Unihan file from unicode-data."""
    import bz2
    path = os.path.join(UNIHAN_DIR, f"Unihan_{name}.txt.bz2")
    if not os.path.isfile(path):
        sys.exit(f"error: {path} not found (apt-get install unicode-data)")
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("U+"):
                cp, field, value = line.rstrip("\n").split("\t", 2)
                yield int(cp[2:], 16), field, value


def tgh_chars():
    """The 8,105 characters of the 通用规范汉字表 (Unihan kTGH)."""
    chars = {chr(cp) for cp, field, _ in unihan("OtherMappings") if field == "kTGH"}
    if len(chars) != 8105:
        sys.exit(f"error: expected 8105 kTGH characters, found {len(chars)}")
    return chars


def traditional_chars(simplified):
    """kTraditionalVariant of the given characters."""
    out = set()
    for cp, field, value in unihan("Variants"):
        if field == "kTraditionalVariant" and chr(cp) in simplified:
            out.update(chr(int(v[2:].split("<")[0], 16)) for v in value.split())
    return out


def charset():
    return gb2312_chars() | fixed_chars() | tgh_chars() | set(GBT15834) | read_extra_chars()


# The face that also gets the traditional forms (see the docstring).
BODY_FACE = "NotoSerifCJKsc-Regular.otf"


def fixture_files():
    files = []
    for d in ("fixtures", "layouts"):
        top = os.path.join(ROOT, d)
        for dirpath, dirnames, filenames in os.walk(top):
            if d == "fixtures" and dirpath == top and "bad" in dirnames:
                dirnames.remove("bad")  # rejected on purpose (see the docstring)
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".txt", ".toml")):
                    files.append(os.path.join(dirpath, name))
    issue = os.path.join(ROOT, "issue.toml")
    if os.path.isfile(issue):
        files.append(issue)
    return files


def check_coverage(chars):
    """Fail if fixtures/layouts/issue.toml use characters outside the set."""
    missing = {}  # char -> first file using it
    files = fixture_files()
    skipped = []
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except UnicodeDecodeError:
            # Bad-input fixtures in other encodings (GBK, UTF-16, Latin-1): the
            # engine rejects them before any font is used.
            skipped.append(os.path.relpath(path, ROOT))
            continue
        for ch in text:
            if (ch not in chars and not ignorable(ch) and ch not in ENGINE_SPACES
                    and ch not in missing):
                missing[ch] = os.path.relpath(path, ROOT)
    if missing:
        lines = [f"  {ch}  U+{ord(ch):04X}  {unicodedata.name(ch, '?')}  (first in {where})"
                 for ch, where in sorted(missing.items())]
        sys.exit(
            "error: these characters are used under fixtures/, layouts/ or in issue.toml\n"
            "but are not in the bundled font character set:\n" + "\n".join(lines) + "\n"
            "Add them to fonts/extra-chars.txt (on purpose; the set only grows deliberately)\n"
            "and re-run scripts/subset-fonts.py.\n"
            "Characters to paste: " + "".join(sorted(missing)))
    print(f"coverage check: {len(files) - len(skipped)} fixture/layout file(s), all characters covered"
          + (f" ({len(skipped)} not UTF-8, skipped: {', '.join(skipped)})" if skipped else ""))


# ---------------------------------------------------------------- subsetting

def open_face(path, psname):
    if psname is None:
        return TTFont(path, lazy=False, recalcTimestamp=False)
    coll = TTCollection(path, lazy=True)
    names = [f["name"].getDebugName(6) for f in coll.fonts]
    if psname not in names:
        sys.exit(f"error: no face named {psname} in {path} (found: {', '.join(names)})")
    index = names.index(psname)
    return TTFont(path, fontNumber=index, lazy=False, recalcTimestamp=False)


def subset_options(hinting=True):
    o = subset.Options()
    o.layout_features = ["*"]
    o.layout_scripts = ["*"]
    o.layout_closure = True
    o.glyph_names = False
    o.name_IDs = ["*"]
    o.name_languages = ["*"]
    o.name_legacy = True
    o.notdef_glyph = True
    o.notdef_outline = True
    o.recommended_glyphs = False
    o.hinting = hinting
    o.desubroutinize = False
    o.legacy_kern = True
    o.recalc_timestamp = False
    o.recalc_bounds = False
    o.prune_unicode_ranges = True
    o.prune_codepage_ranges = True
    o.ignore_missing_unicodes = True
    o.ignore_missing_glyphs = False
    o.retain_gids = False
    return o


def drop_langsys(font):
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        table = font[tag].table
        if not table.ScriptList:
            continue
        for rec in table.ScriptList.ScriptRecord:
            script = rec.Script
            script.LangSysRecord = [r for r in script.LangSysRecord
                                    if r.LangSysTag not in DROP_LANGSYS]
            script.LangSysCount = len(script.LangSysRecord)


def subset_font(out_name, src, psname, chars, hinting=True):
    font = open_face(src, psname)
    drop_langsys(font)
    have = set(font.getBestCmap().keys())
    wanted = sorted(ord(c) for c in chars)
    lacking = [cp for cp in wanted if cp not in have]
    sub = subset.Subsetter(options=subset_options(hinting))
    sub.populate(unicodes=wanted)
    sub.subset(font)
    out = os.path.join(FONTS_DIR, out_name)
    font.save(out, reorderTables=True)
    font.close()
    with open(out, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    size = os.path.getsize(out)
    print(f"{out_name:30s} {size:>10,d} bytes  sha256 {digest[:16]}  "
          f"lacks {len(lacking)} of {len(wanted)} requested characters")
    if lacking:
        shown = "".join(chr(cp) for cp in lacking[:80])
        more = f" ... (+{len(lacking) - 80})" if len(lacking) > 80 else ""
        print(f"    lacking: {shown}{more}")
    return size, {chr(cp) for cp in lacking}


# ---------------------------------------------------------------- licences

def debian_paragraphs(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    paras = []
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key].append(line)
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = [value.strip()] if value.strip() else []
        if fields:
            paras.append(fields)
    return paras


def unfold(lines):
    """Undo Debian copyright-format continuation lines (' text', ' .')."""
    out = []
    for line in lines:
        line = line[1:] if line.startswith(" ") else line.lstrip("\t")
        out.append("" if line.strip() == "." else line.rstrip())
    return out


def write_license(out_name, package, font_files, src, psname):
    paras = debian_paragraphs(f"/usr/share/doc/{package}/copyright")
    main = next(p for p in paras if p.get("Files") == ["*"])
    lic_name = main["License"][0]
    dual = " or " in lic_name
    if dual:  # Hanazono: its own licence allows modification with no name restriction
        lic_name = lic_name.split(" or ")[0]
    lic = next(p for p in paras if "Files" not in p and p.get("License", [""])[0] == lic_name
               and len(p["License"]) > 1)
    body = unfold(lic["License"][1:])
    ofl_title = any("SIL OPEN FONT LICENSE Version 1.1" in line for line in body)
    if not dual and not ofl_title:
        # fonts-noto-core's copy starts at the preamble, under the short name OFL-1.1.
        if lic_name == "OFL-1.1" and any("Open Font License (OFL)" in line for line in body):
            body = ["SIL OPEN FONT LICENSE Version 1.1 (Debian short name: OFL-1.1)", ""] + body
        else:
            sys.exit(f"error: {package}: licence {lic_name} does not look like OFL 1.1")
    if dual and not any("Unlimited permission is granted" in line for line in body):
        sys.exit(f"error: {package}: licence {lic_name} is not the Hanazono Font License")
    font = open_face(src, psname)
    name_copyright = font["name"].getDebugName(0) or ""
    name_license = font["name"].getDebugName(13) or ""
    font.close()
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                             capture_output=True, text=True).stdout.strip() or "unknown"

    terms = ([f"made by scripts/subset-fonts.py, distributed under the {lic_name}",
              "below (the package offers it or the OFL 1.1; this one permits modified",
              "versions without restrictions on their names)."] if dual else
             ["made by scripts/subset-fonts.py. They are Modified Versions under the",
              "SIL Open Font License 1.1 below, and the OFL 1.1 still applies to them."])
    lines = [
        f"Fonts: {', '.join(font_files)}",
        f"These are subsets of fonts from the Debian package {package} {version}",
        *terms,
        "",
        f"Copyright (from /usr/share/doc/{package}/copyright, Files: *):",
    ]
    lines += ["  " + line.strip() for line in main.get("Copyright", [])]
    if "Comment" in main:
        lines += ["", "Comment (same file):"] + ["  " + line for line in unfold(main["Comment"])]
    lines += ["", "Copyright (from the font's name table, nameID 0):"]
    lines += ["  " + line for line in name_copyright.splitlines()]
    lines += ["", "Licence notice (from the font's name table, nameID 13):"]
    lines += ["  " + line for line in name_license.splitlines()]
    lines += ["", ""] + body
    text = "\n".join(lines).rstrip() + "\n"
    with open(os.path.join(FONTS_DIR, out_name), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{out_name:30s} written ({lic_name}, {package} {version})")


# ---------------------------------------------------------------- main

def main(argv):
    chars = charset()
    body_chars = chars | traditional_chars(tgh_chars())
    print(f"character set: {len(chars)} characters, body face {len(body_chars)} "
          f"(GB 2312 {len(gb2312_chars())}, extra-chars.txt {len(read_extra_chars())})")
    # The fallback faces' ranges count as covered: the layouts name those faces.
    fallback_chars = {chr(cp) for _, _, ranges in FALLBACK_FONTS
                      for lo, hi in ranges for cp in range(lo, hi + 1)}
    check_coverage(body_chars | fallback_chars)
    if "--check" in argv:
        return
    os.makedirs(FONTS_DIR, exist_ok=True)
    total = 0
    lacking_in_song = set()
    for out_name, src, psname in FONTS:
        wanted = body_chars if out_name == BODY_FACE else chars
        size, lacking = subset_font(out_name, src, psname, wanted)
        total += size
        if out_name == BODY_FACE:
            lacking_in_song = lacking
    # The fallback: the ideographs the Song face lacks, from HanaMinB.
    ideographs = {c for c in lacking_in_song if unicodedata.name(c, "").startswith("CJK")}
    size, _ = subset_font(FALLBACK, HANAZONO_B, None, ideographs)
    total += size
    # The fallback faces for letters and signs (see "Fallback faces").
    for out_name, src, ranges in FALLBACK_FONTS:
        wanted = {chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1)}
        size, _ = subset_font(out_name, src, None, wanted, hinting=False)
        total += size
    print(f"{'total':30s} {total:>10,d} bytes")
    for args in LICENSES:
        write_license(*args)


if __name__ == "__main__":
    main(sys.argv[1:])
