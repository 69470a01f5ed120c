#!/usr/bin/env python3
"""Regenerate the sample issue's photos and supplied ads (and the pictures fixtures).

What it does
    Draws every picture itself (no third-party artwork): simple scenes of sky, hills,
    buildings and lanterns in smooth gradients, so they compress well and carry no
    licence but the repository's own. It writes

      fixtures/hengyang-2022-02-08/photos/
        p1-hall.jpg        RGB baseline JPEG with an embedded sRGB ICC profile
        p2-factory.jpg     CMYK JPEG (Adobe APP14, inverted CMYK as Photoshop writes)
        p3-cranes.jpg      RGB progressive JPEG, untagged (printed as sRGB)
        p3-lanterns.jpg    grayscale JPEG panorama
        p5-estate.png      RGB 8-bit PNG
        p5-doctor.jpg      RGB JPEG with an embedded sRGB ICC profile
        p6-hike.png        RGBA PNG (alpha kept as a soft mask)
        p6-opera.jpg       CMYK JPEG panorama
        p7-snow.jpg        RGB JPEG panorama with an embedded sRGB ICC profile
        p8-clouds.jpg      grayscale progressive JPEG
      fixtures/hengyang-2022-02-08/ads/
        p1-bank.pdf        slot-sized page, own embedded font (LXGW WenKai subset),
                           vector art in CMYK
        p2-expo.pdf        MediaBox with 3 mm bleed, TrimBox exactly the slot
        p3-jobs.pdf        two pages; the issue places page 2
        p4-estate.pdf, p5-hospital.pdf, p6-hengshan.pdf, p7-library.pdf,
        p8-tourism.pdf     slot-sized pages
        p4-appliance.jpg   an ad supplied as a picture (RGB JPEG)
      fixtures/pictures/   small files for the error tests (wrong-size ad, corrupt
                           and truncated JPEG, low-resolution photo, an ad whose
                           font is not embedded, an ad encrypted with restrictions
                           only (placed), an RGB ad
                           for CMYK-only layouts, a PDF encrypted
                           with a user password, a damaged PDF)
                           and for the picture checks (`checks` below)

    `python3 scripts/make-pictures.py checks` writes only the picture-check fixtures
    (Pillow alone, no reportlab):

      fixtures/pictures/
        bad-crc.png        one IDAT byte changed: the chunk's CRC no longer matches
        short-idat.png     IDAT data cut to half (chunk CRC recomputed): the zlib
                           stream ends early
        huge.png           IHDR declares 30000 × 30000 pixels; a few hundred bytes
        huge.jpg           SOF declares 65500 × 65500 pixels; a few hundred bytes
        rotated.jpg        stored 900 × 600, left half red, right half blue, with Exif
                           orientation 6: displayed 600 × 900, red above blue
        ink-400.jpg        CMYK, 1200 × 1600: the top half solid C+M+Y+K (400 % total
                           area coverage), the bottom half 50 % of each ink (200 %)

    Slot sizes follow layouts/hengyang-broadsheet.toml: a slot of `cols` base columns
    and `rows` body lines is cols·117 + (cols−1)·9 pt wide and rows·14 − 5 pt high.

Requirements
    python3 with Pillow (with littleCMS) and reportlab: `pip install pillow reportlab`.
    Only for regeneration: the generated files are committed and CI does not run this.

Run from the repository root: `python3 scripts/make-pictures.py`.
"""

import io
import math
import os

import struct
import zlib

from PIL import Image, ImageCms, ImageDraw

try:
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
except ImportError:  # `checks` needs Pillow only
    CMYKColor = pdfmetrics = TTFont = canvas = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "fixtures", "hengyang-2022-02-08")
PHOTOS = os.path.join(SAMPLE, "photos")
ADS = os.path.join(SAMPLE, "ads")
ERRORS = os.path.join(ROOT, "fixtures", "pictures")
FONT = os.path.join(ROOT, "fonts", "LXGWWenKai-Regular.ttf")
ARTWORK = os.path.join(ROOT, "layouts", "artwork")

MM = 72 / 25.4


def slot(cols, rows):
    """Size in points of an ad slot of `cols` columns and `rows` body lines."""
    return cols * 117 + (cols - 1) * 9, rows * 14 - 5


def lerp(a, b, t):
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


def scene(w, h, seed, sky=((70, 120, 190), (200, 220, 240)), ground=(90, 120, 70)):
    """A drawn landscape: sky gradient, sun, two ranges of hills, a row of buildings."""
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    for y in range(h):
        d.line([(0, y), (w, y)], fill=lerp(sky[0], sky[1], y / max(1, h - 1)))
    d.ellipse([w * 0.72, h * 0.1, w * 0.72 + h * 0.18, h * 0.28], fill=(250, 235, 180))
    for layer, (col, base, amp) in enumerate(
        [((120, 140, 150), 0.55, 0.12), (ground, 0.68, 0.08)]
    ):
        pts = [(0, h)]
        for x in range(0, w + 8, 8):
            y = h * base - h * amp * math.sin(x / w * math.pi * (2 + layer) + seed + layer)
            pts.append((x, y))
        pts.append((w, h))
        d.polygon(pts, fill=col)
    bw = max(8, w // 18)
    for i in range(12):
        x = int(w * 0.05 + i * bw * 1.4)
        bh = int(h * (0.15 + 0.2 * ((i * 7 + seed * 3) % 5) / 5))
        d.rectangle([x, h * 0.8 - bh, x + bw, h * 0.8], fill=(170 + i * 5 % 60, 160, 150))
        for wy in range(int(h * 0.8 - bh) + 6, int(h * 0.8) - 6, 12):
            d.rectangle([x + 3, wy, x + bw - 3, wy + 4], fill=(240, 230, 160))
    d.rectangle([0, h * 0.8, w, h], fill=(110, 105, 100))
    return img


def lanterns(w, h):
    img = scene(w, h, 2, sky=((20, 20, 60), (60, 40, 90)), ground=(50, 40, 40))
    d = ImageDraw.Draw(img)
    for i in range(14):
        x = w * (0.04 + i * 0.07)
        y = h * (0.2 + 0.1 * (i % 3))
        d.line([(x, 0), (x, y)], fill=(200, 180, 120), width=2)
        d.ellipse([x - h * 0.08, y, x + h * 0.08, y + h * 0.18], fill=(220, 40, 30))
    return img


def srgb_icc():
    """littleCMS's built-in sRGB profile, with a fixed creation date (ICC.1 header
    bytes 24-35) and no profile ID (bytes 84-99), so the files come out the same on
    every run."""
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = (2022).to_bytes(2, "big") + bytes([0, 2, 0, 8, 0, 0, 0, 0, 0, 0])
    icc[84:100] = bytes(16)
    return bytes(icc)


def save_jpeg(img, path, **kw):
    img.save(path, "JPEG", quality=kw.pop("quality", 82), optimize=True, **kw)


def make_photos():
    os.makedirs(PHOTOS, exist_ok=True)
    save_jpeg(scene(800, 600, 1), os.path.join(PHOTOS, "p1-hall.jpg"), icc_profile=srgb_icc())
    save_jpeg(scene(700, 1000, 3).convert("CMYK"), os.path.join(PHOTOS, "p2-factory.jpg"))
    save_jpeg(scene(800, 600, 5), os.path.join(PHOTOS, "p3-cranes.jpg"), progressive=True)
    save_jpeg(lanterns(1800, 300).convert("L"), os.path.join(PHOTOS, "p3-lanterns.jpg"))
    scene(760, 560, 7).save(os.path.join(PHOTOS, "p5-estate.png"), optimize=True)
    save_jpeg(scene(1400, 480, 9), os.path.join(PHOTOS, "p5-doctor.jpg"), icc_profile=srgb_icc())
    hike = scene(1100, 530, 11).convert("RGBA")
    alpha = Image.new("L", hike.size, 255)
    ImageDraw.Draw(alpha).rectangle([0, 0, 40, 40], fill=0)
    hike.putalpha(alpha)
    hike.save(os.path.join(PHOTOS, "p6-hike.png"), optimize=True)
    save_jpeg(lanterns(2200, 320).convert("CMYK"), os.path.join(PHOTOS, "p6-opera.jpg"))
    snow = scene(1400, 300, 15, sky=((150, 160, 180), (235, 240, 245)), ground=(235, 235, 240))
    save_jpeg(snow, os.path.join(PHOTOS, "p7-snow.jpg"), icc_profile=srgb_icc())
    save_jpeg(scene(760, 600, 17, sky=((230, 230, 235), (250, 250, 250))).convert("L"),
              os.path.join(PHOTOS, "p8-clouds.jpg"), progressive=True)


def ad_page(c, w, h, title, lines, hue):
    """One ad: a CMYK background, vector ornaments and text in the embedded font."""
    c.setFillColor(CMYKColor(*hue))
    c.rect(0, 0, w, h, stroke=0, fill=1)
    c.setFillColor(CMYKColor(0, 0, 0, 0))
    c.rect(8, 8, w - 16, h - 16, stroke=0, fill=1)
    c.setStrokeColor(CMYKColor(*hue))
    c.setLineWidth(1.5)
    for i in range(6):
        r = 14 + i * 9
        c.circle(w - 50, h - 50, r, stroke=1, fill=0)
    p = c.beginPath()
    p.moveTo(20, 30)
    p.curveTo(w * 0.3, h * 0.4, w * 0.6, 0, w - 20, 40)
    c.drawPath(p, stroke=1, fill=0)
    c.setFillColor(CMYKColor(*hue))
    size = min(40, h / 6)
    c.setFont("WenKai", size)
    c.drawCentredString(w / 2, h * 0.62, title)
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.setFont("WenKai", size * 0.45)
    for i, line in enumerate(lines):
        c.drawCentredString(w / 2, h * 0.62 - size * (1.2 + i * 0.7), line)


def make_pdf(path, w, h, pages, bleed=0.0):
    c = canvas.Canvas(path, pagesize=(w + 2 * bleed, h + 2 * bleed), invariant=1,
                      initialFontName="WenKai")
    c.setTitle(os.path.basename(path))
    for title, lines, hue in pages:
        if bleed:
            c.setTrimBox((bleed, bleed, bleed + w, bleed + h))
            c.translate(bleed, bleed)
        ad_page(c, w, h, title, lines, hue)
        c.showPage()
    c.save()


def make_ads():
    os.makedirs(ADS, exist_ok=True)
    pdfmetrics.registerFont(TTFont("WenKai", FONT))
    red, blue, green = (0, 1, 1, 0.1), (1, 0.6, 0, 0.1), (0.8, 0, 1, 0.1)
    make_pdf(os.path.join(ADS, "p1-bank.pdf"), *slot(8, 23), [
        ("衡阳农商银行 新春开门红", ["存款有礼 · 贷款优惠 · 普惠金融进万家",
                             "全市网点春节期间正常营业  服务热线 0734-96518"], red)])
    make_pdf(os.path.join(ADS, "p2-expo.pdf"), *slot(8, 27), [
        ("湘南春季家装博览会", ["2月12日—2月14日  衡阳国际会展中心",
                         "百家品牌  工厂直供  到场即送新春好礼"], blue)], bleed=3 * MM)
    make_pdf(os.path.join(ADS, "p3-jobs.pdf"), *slot(8, 28), [
        ("衡阳高新区 春风行动", ["本页为第一页，报纸使用第二页"], green),
        ("衡阳高新区人才招聘会", ["2月19日  高新区人力资源市场",
                          "200余家企业  5000多个岗位  现场面试"], green)])
    make_pdf(os.path.join(ADS, "p4-estate.pdf"), *slot(5, 38), [
        ("雁城新居 火热认购", ["蒸湘区 · 地铁规划旁 · 名校学区",
                        "89—143平方米  品质三房四房", "售楼热线 0734-8888666"], red)])
    make_pdf(os.path.join(ADS, "p5-hospital.pdf"), *slot(8, 20), [
        ("衡阳市第一人民医院 健康讲座", ["每周六上午  门诊楼三楼报告厅  免费参加"], blue)])
    make_pdf(os.path.join(ADS, "p6-hengshan.pdf"), *slot(8, 22), [
        ("南岳衡山 冬日赏雾凇", ["南岳景区  冬季特惠  欢迎游览"], green)])
    make_pdf(os.path.join(ADS, "p7-library.pdf"), *slot(8, 27), [
        ("衡阳市图书馆 新春书展", ["2月8日—2月20日  市图书馆一楼展厅",
                           "地方文献  湖湘文化  少儿读物"], blue)])
    make_pdf(os.path.join(ADS, "p8-tourism.pdf"), *slot(8, 58), [
        ("衡阳市2022年春季旅游惠民季", ["南岳衡山 · 石鼓书院 · 岣嵝峰 · 江口鸟洲",
                                "持惠民卡游全市A级景区", "活动时间：2022年2月8日至5月31日",
                                "咨询电话 0734-8222222"], red)])
    w, h = slot(3, 20)
    img = scene(int(w / 72 * 240), int(h / 72 * 240), 13, sky=((230, 90, 40), (250, 210, 120)))
    save_jpeg(img, os.path.join(ADS, "p4-appliance.jpg"))


def make_error_fixtures():
    os.makedirs(ERRORS, exist_ok=True)
    pdfmetrics.registerFont(TTFont("WenKai", FONT))
    # 10 mm too wide for an 8 × 20 slot.
    w, h = slot(8, 20)
    make_pdf(os.path.join(ERRORS, "wrong-size.pdf"), w + 10 * MM, h,
             [("尺寸不符的广告", ["此文件比版位宽10毫米"], (0, 1, 1, 0))])
    c = canvas.Canvas(os.path.join(ERRORS, "rgb-ad.pdf"), pagesize=slot(8, 23), invariant=1,
                      initialFontName="WenKai")
    c.setFillColorRGB(0.9, 0.2, 0.1)
    c.rect(0, 0, *slot(8, 23), stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont("WenKai", 30)
    c.drawString(40, 40, "RGB 广告")
    c.showPage()
    c.save()
    # Restrictions only (empty user password, an owner password): printable, placed.
    from reportlab.lib.pdfencrypt import StandardEncryption
    c = canvas.Canvas(os.path.join(ERRORS, "restricted.pdf"), pagesize=slot(8, 23),
                      invariant=1, initialFontName="WenKai",
                      encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    c.setFont("WenKai", 30)
    c.drawString(40, 40, "限制编辑的广告")
    c.showPage()
    c.save()
    # reportlab's Helvetica is one of the base 14: listed, never embedded.
    c = canvas.Canvas(os.path.join(ERRORS, "unembedded-font.pdf"), pagesize=slot(8, 23),
                      invariant=1)
    c.setFont("Helvetica", 30)
    c.drawString(40, 40, "Font not embedded")
    c.showPage()
    c.save()
    small = scene(120, 90, 1)
    save_jpeg(small, os.path.join(ERRORS, "low-res.jpg"))
    buf = io.BytesIO()
    save_jpeg(scene(200, 150, 2), buf)
    data = buf.getvalue()
    with open(os.path.join(ERRORS, "truncated.jpg"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(ERRORS, "corrupt.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    c = canvas.Canvas(os.path.join(ERRORS, "encrypted.pdf"), pagesize=slot(8, 20),
                      invariant=1, encrypt="secret", initialFontName="WenKai")
    c.setFont("WenKai", 20)
    c.drawString(20, 20, "加密文件")
    c.showPage()
    c.save()
    with open(os.path.join(ERRORS, "damaged.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\nthis is not a PDF body\n")
    with open(os.path.join(ERRORS, "notes.txt"), "w") as f:
        f.write("not a picture\n")


def make_nameplate():
    """The 衡阳晚报 nameplate (报头字) as vector artwork: the layout
    layouts/hengyang-evening-tabloid.toml places it in its masthead band. The 报名 in
    LXGW WenKai (embedded), a swash and the English name, all in 100 M + 100 Y."""
    os.makedirs(ARTWORK, exist_ok=True)
    pdfmetrics.registerFont(TTFont("WenKai", FONT))
    w, h = 400.0, 96.0
    path = os.path.join(ARTWORK, "hengyang-evening-nameplate.pdf")
    c = canvas.Canvas(path, pagesize=(w, h), invariant=1, initialFontName="WenKai")
    c.setTitle("衡阳晚报 nameplate")
    red = CMYKColor(0, 1, 1, 0)
    c.setFillColor(red)
    c.setStrokeColor(red)
    c.setFont("WenKai", 64)
    c.drawCentredString(w / 2, 30, "衡阳晚报")
    c.setLineWidth(2.5)
    p = c.beginPath()
    p.moveTo(40, 22)
    p.curveTo(w * 0.35, 8, w * 0.65, 30, w - 40, 14)
    c.drawPath(p, stroke=1, fill=0)
    c.setFont("WenKai", 10)
    c.drawCentredString(w / 2, 2, "HENGYANG EVENING NEWS")
    c.showPage()
    c.save()


def png_chunk(kind, data):
    """One PNG chunk (PNG spec §5.3): length, type, data, CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_chunks(data):
    """The (type, data) chunks of a PNG file."""
    pos, out = 8, []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        out.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]))
        pos += 12 + n
    return out


def make_check_fixtures():
    """Damaged, oversized and turned pictures for the picture checks."""
    os.makedirs(ERRORS, exist_ok=True)
    buf = io.BytesIO()
    scene(64, 48, 4).save(buf, "PNG")
    good = buf.getvalue()
    chunks = png_chunks(good)
    # Bad CRC: one byte of the IDAT data changed, the stored CRC kept.
    bad = bytearray(good)
    at = good.index(b"IDAT") + 4 + 10
    bad[at] ^= 0x55
    with open(os.path.join(ERRORS, "bad-crc.png"), "wb") as f:
        f.write(bytes(bad))
    # Short IDAT: the data cut to half, its CRC right for what is left.
    out = good[:8]
    for kind, data in chunks:
        if kind == b"IDAT":
            data = data[: len(data) // 2]
        out += png_chunk(kind, data)
    with open(os.path.join(ERRORS, "short-idat.png"), "wb") as f:
        f.write(out)
    # 30000 × 30000 declared (8-bit gray), a little data behind it.
    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
    huge = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
    huge += png_chunk(b"IDAT", zlib.compress(bytes(30001 * 4))) + png_chunk(b"IEND", b"")
    with open(os.path.join(ERRORS, "huge.png"), "wb") as f:
        f.write(huge)
    # 65500 × 65500 declared: a 16 × 16 JPEG whose SOF0 says otherwise.
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buf, "JPEG", quality=80)
    jpeg = bytearray(buf.getvalue())
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5:sof + 9] = struct.pack(">HH", 65500, 65500)
    with open(os.path.join(ERRORS, "huge.jpg"), "wb") as f:
        f.write(bytes(jpeg))
    # Orientation 6: shown turned a quarter clockwise, so the stored left half is on top.
    img = Image.new("RGB", (900, 600), (30, 60, 220))
    ImageDraw.Draw(img).rectangle([0, 0, 449, 599], fill=(220, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    img.save(os.path.join(ERRORS, "rotated.jpg"), "JPEG", quality=75, exif=exif.tobytes())
    make_ink_fixture()


def make_ink_fixture():
    """A CMYK photo far over any newsprint ink limit, for the ink checks."""
    img = Image.new("CMYK", (1200, 1600), (128, 128, 128, 128))
    ImageDraw.Draw(img).rectangle([0, 0, 1199, 799], fill=(255, 255, 255, 255))
    img.save(os.path.join(ERRORS, "ink-400.jpg"), "JPEG", quality=90)


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["nameplate"]:
        make_nameplate()
        sys.exit(0)
    if sys.argv[1:] == ["checks"]:
        make_check_fixtures()
        sys.exit(0)
    make_photos()
    make_ads()
    make_error_fixtures()
    make_check_fixtures()
    make_nameplate()
