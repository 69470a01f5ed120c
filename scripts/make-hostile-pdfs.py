#!/usr/bin/env python3
"""Write the hostile supplied-PDF fixtures in fixtures/hostile/ (Python only).

Each is a one-page PDF whose TrimBox is the sample's full-width bottom ad slot
(8 columns × 23 body lines of layouts/hengyang-broadsheet.toml: 999 × 317 pt), so it
can stand as an ad in an issue:

    deep.pdf    the page's content stream is 100,000 `[`: nested arrays that a
                recursive parser follows until the stack runs out
    forms.pdf   a Form XObject whose resources list it 40 times under 40 names and
                whose content draws all 40: walked naively to a depth of 8 that is
                40^8 visits
    bomb.pdf    the page's content stream is about 1 MB of Flate data that inflates
                to 1 GiB of spaces
    objstm-bomb.pdf
                the catalog is stored in a compressed object stream (PDF 1.5 §3.4.6,
                named by a cross-reference stream) whose 1 MB of Flate data inflates
                to 1 GiB: a parser inflates it to read the catalog, before any page
"""
import os
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "hostile")
W, H = 999, 317


def pdf(objects):
    """Objects (bytes, numbered from 1) to a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(dict_entries, data):
    return b"<< %s /Length %d >>\nstream\n" % (dict_entries, len(data)) + data + b"\nendstream"


def page(resources, content_ref=4):
    box = b"[0 0 %d %d]" % (W, H)
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /TrimBox " + box
            + b" /Resources " + resources + b" /Contents %d 0 R >>" % content_ref)


def write(name, objects):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(pdf(objects))


def main():
    os.makedirs(HERE, exist_ok=True)
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    write("deep.pdf", [catalog, pages, page(b"<< >>"), stream(b"", b"[" * 100_000)])

    names = b" ".join(b"/F%d 5 0 R" % i for i in range(40))
    draws = b" ".join(b"/F%d Do" % i for i in range(40))
    form = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /XObject << %s >> >>" % (W, H, names), draws)
    write("forms.pdf", [catalog, pages, page(b"<< /XObject << /F0 5 0 R >> >>"), stream(b"", b"/F0 Do"), form])

    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(z.compress(chunk) for _ in range(1024)) + z.flush()
    write("bomb.pdf", [catalog, pages, page(b"<< >>"), stream(b"/Filter /FlateDecode", data)])

    objstm_bomb()


def objstm_bomb():
    """The catalog (object 1) in object stream 5, whose data runs on for 1 GiB of
    spaces; a cross-reference stream (object 6, unfiltered) gives object 1 as entry 0
    of object 5 and the others by offset."""
    head = b"1 0 "
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = z.compress(head + catalog) + b"".join(z.compress(chunk) for _ in range(1024)) + z.flush()
    box = b"[0 0 %d %d]" % (W, H)
    objects = {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /TrimBox " + box
           + b" /Resources << >> /Contents 4 0 R >>",
        4: stream(b"", b"0 0 m"),
        5: stream(b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(head), data),
    }
    out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n, body in objects.items():
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    offsets[6] = len(out)
    rows = b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
    rows += b"\x02" + (5).to_bytes(4, "big") + (0).to_bytes(2, "big")
    for n in range(2, 7):
        rows += b"\x01" + offsets[n].to_bytes(4, "big") + (0).to_bytes(2, "big")
    out += b"6 0 obj\n" + stream(b"/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R", rows) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    with open(os.path.join(HERE, "objstm-bomb.pdf"), "wb") as f:
        f.write(bytes(out))


if __name__ == "__main__":
    main()
