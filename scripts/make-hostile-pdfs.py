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


if __name__ == "__main__":
    main()
