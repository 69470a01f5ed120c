//! Reading the PDFs the tests make with `hayro-syntax`, independently of the writer,
//! and changing them by an incremental update (ISO 32000-1 §7.5.6: changed and new
//! objects appended with a cross-reference section of their own).

use std::fmt::Write as _;

pub use hayro_syntax::object::{Array, Dict, MaybeRef, Name, ObjRef, Object, Stream};
use hayro_syntax::object::{FromBytes, ObjectIdentifier};
pub use hayro_syntax::Pdf;

pub fn open(bytes: &[u8]) -> Pdf {
    Pdf::new(bytes.to_vec()).unwrap()
}

pub fn catalog(pdf: &Pdf) -> Dict<'_> {
    pdf.xref().get::<Dict<'_>>(pdf.xref().root_id()).unwrap()
}

/// The last trailer dictionary of the file.
pub fn trailer(bytes: &[u8]) -> Dict<'_> {
    let at = bytes.windows(7).rposition(|w| w == b"trailer").unwrap() + 7;
    let start = at
        + bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    Dict::from_bytes(&bytes[start..]).unwrap()
}

pub fn info_ref(pdf: &Pdf) -> ObjRef {
    trailer(pdf.data().as_ref()).get_ref(b"Info").unwrap()
}

pub fn info(pdf: &Pdf) -> Dict<'_> {
    get(pdf, info_ref(pdf))
}

pub fn get<'a>(pdf: &'a Pdf, r: ObjRef) -> Dict<'a> {
    pdf.xref()
        .get::<Dict<'_>>(ObjectIdentifier::from(r))
        .unwrap()
}

pub fn name<'a>(d: &Dict<'a>, key: &str) -> Vec<u8> {
    d.get::<Name<'a>>(key.as_bytes()).unwrap().to_vec()
}

pub fn string(d: &Dict<'_>, key: &str) -> Vec<u8> {
    d.get::<hayro_syntax::object::String<'_>>(key.as_bytes())
        .unwrap()
        .as_bytes()
        .to_vec()
}

pub fn nums(d: &Dict<'_>, key: &str) -> Vec<f64> {
    d.get::<Array<'_>>(key.as_bytes())
        .unwrap()
        .iter::<f64>()
        .collect()
}

pub fn decoded(s: &Stream<'_>) -> Vec<u8> {
    s.decoded().unwrap().into_owned()
}

/// The object reference of a dictionary that is an indirect object.
pub fn id_of(d: &Dict<'_>) -> ObjRef {
    d.obj_id().unwrap().into()
}

/// A content operand, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    /// An inline dictionary (a marked-content property list), its entries in order.
    Dict(Vec<(Vec<u8>, Operand)>),
    Other,
}

impl Operand {
    pub fn num(&self) -> f64 {
        match self {
            Operand::Num(n) => *n,
            other => panic!("not a number: {other:?}"),
        }
    }

    pub fn name(&self) -> &[u8] {
        match self {
            Operand::Name(n) => n,
            other => panic!("not a name: {other:?}"),
        }
    }

    /// An entry of an inline dictionary.
    pub fn entry(&self, key: &str) -> Option<&Operand> {
        match self {
            Operand::Dict(entries) => entries
                .iter()
                .find(|(k, _)| k == key.as_bytes())
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

fn operand(o: &Object<'_>) -> Operand {
    match o {
        Object::Number(n) => Operand::Num(n.as_f64()),
        Object::Name(n) => Operand::Name(n.to_vec()),
        Object::String(s) => Operand::Str(s.as_bytes().to_vec()),
        Object::Array(a) => Operand::Array(a.iter::<Object<'_>>().map(|x| operand(&x)).collect()),
        Object::Dict(d) => Operand::Dict(
            d.entries()
                .map(|(k, v)| {
                    let v = match v {
                        MaybeRef::NotRef(o) => operand(&o),
                        MaybeRef::Ref(_) => Operand::Other,
                    };
                    (k.as_ref().to_vec(), v)
                })
                .collect(),
        ),
        _ => Operand::Other,
    }
}

/// The operators of content, with their operands.
pub fn ops(content: &[u8]) -> Vec<(String, Vec<Operand>)> {
    let mut it = hayro_syntax::content::UntypedIter::new(content);
    let mut out = Vec::new();
    while let Some(ins) = it.next() {
        let operands = ins.operands().map(operand).collect();
        out.push((
            String::from_utf8_lossy(&ins.operator[..]).into_owned(),
            operands,
        ));
    }
    out
}

/// A page's content, decoded and joined.
pub fn page_content(page: &hayro_syntax::page::Page<'_>) -> Vec<u8> {
    page.page_stream().unwrap().to_vec()
}

/// An object written back as PDF syntax (strings in hex, references as `n g R`).
pub fn write_obj(o: &Object<'_>, out: &mut String) {
    match o {
        Object::Null(_) => out.push_str("null"),
        Object::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Object::Number(n) => {
            let _ = write!(out, "{}", n.as_f64());
        }
        Object::String(s) => {
            out.push('<');
            for b in s.as_bytes() {
                let _ = write!(out, "{b:02X}");
            }
            out.push('>');
        }
        Object::Name(n) => write_name(n, out),
        Object::Dict(d) => write_dict(d, &[], out),
        Object::Array(a) => {
            out.push('[');
            for x in a.raw_iter() {
                write_maybe_ref(&x, out);
                out.push(' ');
            }
            out.push(']');
        }
        Object::Stream(_) => panic!("a stream inside an object"),
    }
}

fn write_name(n: &[u8], out: &mut String) {
    out.push('/');
    for &b in n {
        if b.is_ascii_alphanumeric() || b"-+_.*".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

fn write_maybe_ref(x: &MaybeRef<Object<'_>>, out: &mut String) {
    match x {
        MaybeRef::Ref(r) => {
            let _ = write!(out, "{} {} R", r.obj_number, r.gen_number);
        }
        MaybeRef::NotRef(o) => write_obj(o, out),
    }
}

/// A dictionary written back, with `changes`: a key set to the given PDF syntax, or
/// removed (`None`).
pub fn write_dict(d: &Dict<'_>, changes: &[(&str, Option<&str>)], out: &mut String) {
    out.push_str("<<");
    for (k, v) in d.entries() {
        if changes.iter().any(|(c, _)| c.as_bytes() == k.as_ref()) {
            continue;
        }
        write_name(&k, out);
        out.push(' ');
        write_maybe_ref(&v, out);
        out.push(' ');
    }
    for (k, v) in changes {
        if let Some(v) = v {
            write_name(k.as_bytes(), out);
            let _ = write!(out, " {v} ");
        }
    }
    out.push_str(">>");
}

/// `d` with `changes` as an object body.
pub fn changed(d: &Dict<'_>, changes: &[(&str, Option<&str>)]) -> Vec<u8> {
    let mut s = String::new();
    write_dict(d, changes, &mut s);
    s.into_bytes()
}

/// An incremental update of a PDF.
pub struct Update {
    bytes: Vec<u8>,
    next: u32,
    objects: Vec<(ObjRef, Vec<u8>)>,
}

impl Update {
    pub fn new(bytes: &[u8]) -> Update {
        let size = trailer(bytes).get::<u32>(b"Size").unwrap();
        Update {
            bytes: bytes.to_vec(),
            next: size,
            objects: Vec::new(),
        }
    }

    /// Replace object `r` with `body` (PDF syntax).
    pub fn set(&mut self, r: ObjRef, body: Vec<u8>) {
        self.objects.retain(|(o, _)| *o != r);
        self.objects.push((r, body));
    }

    /// A new object.
    pub fn add(&mut self, body: Vec<u8>) -> ObjRef {
        let r = ObjRef::new(self.next, 0);
        self.next += 1;
        self.objects.push((r, body));
        r
    }

    /// A new uncompressed stream with `entries` in its dictionary.
    pub fn add_stream(&mut self, entries: &str, data: &[u8]) -> ObjRef {
        let mut body = format!("<< {entries} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    pub fn finish(self) -> Vec<u8> {
        let mut out = self.bytes.clone();
        let prev = {
            let at = out.windows(9).rposition(|w| w == b"startxref").unwrap() + 9;
            let s: String = out[at..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .take_while(|b| b.is_ascii_digit())
                .map(|&b| char::from(b))
                .collect();
            s
        };
        out.push(b'\n');
        let mut offsets = Vec::new();
        for (r, body) in &self.objects {
            offsets.push((*r, out.len()));
            out.extend_from_slice(format!("{} {} obj\n", r.obj_number, r.gen_number).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let mut section = String::from("xref\n");
        for (r, at) in &offsets {
            let _ = write!(
                section,
                "{} 1\n{at:010} {:05} n\r\n",
                r.obj_number, r.gen_number
            );
        }
        let old = trailer(&self.bytes);
        let size = self.next.to_string();
        let mut t = String::new();
        write_dict(
            &old,
            &[("Size", Some(&size)), ("Prev", Some(&prev))],
            &mut t,
        );
        let _ = write!(section, "trailer\n{t}\nstartxref\n{xref}\n%%EOF\n");
        out.extend_from_slice(section.as_bytes());
        out
    }
}

pub fn name_opt(d: &Dict<'_>, key: &str) -> Option<Vec<u8>> {
    d.get::<Name<'_>>(key.as_bytes()).map(|n| n.to_vec())
}

pub fn int(d: &Dict<'_>, key: &str) -> Option<i64> {
    d.get::<i64>(key.as_bytes())
}
