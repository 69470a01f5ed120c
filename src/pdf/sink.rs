//! Where the PDF's bytes go as they are written: into memory, or into the output's
//! temporary file ([`Staged`]), so that a long issue's PDF is not held in memory whole.
//!
//! `pdf-writer` builds a file in one buffer and keeps its objects' offsets to itself.
//! The writer therefore writes each batch of objects into a [`Pdf`] of its own and
//! hands it to [`Out::append`], which finishes it, reads each object's offset from the
//! cross-reference table `pdf-writer` wrote for it (fixed 20-byte entries, ISO 32000-1
//! §7.5.4), and moves the objects on, shifted to where they land in the file. At the end
//! [`Out::finish`] writes the file's one cross-reference table and trailer, entry for
//! entry as `pdf-writer` writes them (free entries chained, §7.5.4). The bytes are those
//! of one `Pdf` given every object in the same order.
//!
//! The file id hashes everything written before it ([`Out::hash16`]): its first hash
//! runs over the bytes when asked ([`Out::hash_written`]; the writer asks while the fonts
//! are subset), its second, seeded by the first, over all of them again — read back from
//! the file, when they are in one.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Arc;

use pdf_writer::{Pdf, Ref};

use super::atomic::Staged;
use super::{fnv1a64, id16, FNV_OFFSET, HASH16_SEED};
use crate::diag::Diagnostic;
use crate::pdf_read::PdfBytes;

/// Where a PDF is written.
#[derive(Debug)]
pub enum Sink {
    /// In memory.
    Memory,
    /// Into `file`, the temporary file `staged` opened last ([`Staged::open`]).
    File(Staged, File),
}

/// A PDF written ([`super::PdfWriter::finish`]).
#[derive(Debug)]
pub enum Written {
    Memory(Vec<u8>),
    File(StagedPdf),
}

/// A PDF written into its temporary file, not yet synced nor renamed into place.
#[derive(Debug)]
pub struct StagedPdf {
    pub staged: Staged,
    pub file: File,
    pub len: u64,
}

impl StagedPdf {
    /// Flush the file to the disk, before it is renamed into place ([`Staged::commit`]).
    pub fn sync(&self) -> Result<(), Diagnostic> {
        self.file.sync_all().map_err(|e| {
            self.staged
                .failed(format!("failed to write the temporary file ({e})"))
        })
    }

    /// The file's bytes to read (the preflight): mapped into memory, or read into it
    /// where the file cannot be mapped.
    pub fn map(&self) -> Result<PdfBytes, Diagnostic> {
        #[allow(unsafe_code)] // the written PDF is read in place, not copied into memory
        // SAFETY: the map is read-only. The temporary file was made by this process
        // (`create_new`: never a file someone else has open), nothing writes to it after
        // `Out::finish`, and it is renamed or removed only after the preflight that
        // reads the map is done.
        let mapped = unsafe { memmap2::Mmap::map(&self.file) };
        match mapped {
            Ok(m) if !m.is_empty() => Ok(PdfBytes::Mapped(m)),
            _ => {
                let mut bytes = Vec::new();
                (&self.file)
                    .seek(SeekFrom::Start(0))
                    .and_then(|_| (&self.file).read_to_end(&mut bytes))
                    .map_err(|e| {
                        self.staged
                            .failed(format!("failed to read the temporary file ({e})"))
                    })?;
                Ok(PdfBytes::Owned(bytes))
            }
        }
    }
}

impl Written {
    /// How many bytes the PDF has.
    pub fn len(&self) -> u64 {
        match self {
            Written::Memory(b) => b.len() as u64,
            Written::File(f) => f.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes of a PDF written into memory. A PDF in its temporary file is not
    /// read back: a caller that wrote into memory gets an error only if it did not.
    pub fn into_memory(self) -> Result<Vec<u8>, Diagnostic> {
        match self {
            Written::Memory(bytes) => Ok(bytes),
            Written::File(_) => Err(Diagnostic::error("failed to write pdf (not into memory)")),
        }
    }

    /// The bytes to read, shared, and the temporary file they are in (none in memory):
    /// what [`Written::unshare`] takes back.
    pub fn share(self) -> Result<(Arc<PdfBytes>, Option<StagedPdf>), Diagnostic> {
        match self {
            Written::Memory(b) => Ok((Arc::new(PdfBytes::Owned(b)), None)),
            Written::File(f) => Ok((Arc::new(f.map()?), Some(f))),
        }
    }

    /// The PDF that [`Written::share`] gave: the file's map let go, the bytes in memory
    /// taken back (copied only if someone else still holds them).
    pub fn unshare(bytes: Arc<PdfBytes>, file: Option<StagedPdf>) -> Written {
        match file {
            Some(f) => Written::File(f),
            None => Written::Memory(match Arc::try_unwrap(bytes) {
                Ok(PdfBytes::Owned(b)) => b,
                Ok(other) => other.as_ref().to_vec(),
                Err(shared) => shared.as_ref().as_ref().to_vec(),
            }),
        }
    }
}

/// Where bytes are written: memory, or the file through a buffer.
enum To {
    Memory(Vec<u8>),
    File(Staged, BufWriter<File>),
}

/// The file being written: where its bytes go, how many there are, the first hash of
/// the first `hashed` of them, and every object's offset.
pub(super) struct Out {
    to: To,
    /// The length of the header each batch's [`Pdf`] starts with (left out).
    batch_header: usize,
    len: usize,
    hash: u64,
    hashed: usize,
    offsets: Vec<(Ref, usize)>,
}

/// The buffer between the writer and the file.
const FILE_BUFFER: usize = 256 * 1024;

impl Out {
    /// A file that starts with `header` (a new [`Pdf`]'s bytes, its version set).
    pub fn new(sink: Sink, header: &[u8]) -> Result<Out, Diagnostic> {
        let to = match sink {
            Sink::Memory => To::Memory(Vec::new()),
            Sink::File(staged, file) => {
                To::File(staged, BufWriter::with_capacity(FILE_BUFFER, file))
            }
        };
        let mut out = Out {
            to,
            batch_header: Pdf::new().as_bytes().len(),
            len: 0,
            hash: FNV_OFFSET,
            hashed: 0,
            offsets: Vec::new(),
        };
        out.write(header)?;
        Ok(out)
    }

    /// Bytes at the end of the file.
    fn write(&mut self, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.len += bytes.len();
        match &mut self.to {
            To::Memory(b) => {
                b.extend_from_slice(bytes);
                Ok(())
            }
            To::File(staged, w) => w
                .write_all(bytes)
                .map_err(|e| staged.failed(format!("failed to write the temporary file ({e})"))),
        }
    }

    /// The objects of `pdf` (not its header), at the end of the file.
    pub fn append(&mut self, pdf: Pdf) -> Result<(), Diagnostic> {
        let refs: Vec<Ref> = pdf.refs().collect();
        if refs.is_empty() {
            return Ok(());
        }
        let header = self.batch_header;
        let bytes = pdf.finish();
        let (xref_at, offsets) = written_offsets(&bytes).ok_or_else(|| {
            Diagnostic::error("failed to write pdf (its objects cannot be placed)")
        })?;
        for r in refs {
            let at = usize::try_from(r.get())
                .ok()
                .and_then(|i| offsets.get(i).copied().flatten())
                .and_then(|at| at.checked_sub(header))
                .ok_or_else(|| {
                    Diagnostic::error("failed to write pdf (an object cannot be placed)")
                })?;
            self.offsets.push((r, self.len + at));
        }
        self.write(bytes.get(header..xref_at).unwrap_or_default())
    }

    /// Run the first hash on over the bytes written since it last ran: work a caller
    /// can do while it waits for something else (the writer, while fonts are subset).
    pub fn hash_written(&mut self) -> Result<(), Diagnostic> {
        self.hash = match &mut self.to {
            To::Memory(b) => fnv1a64(self.hash, b.get(self.hashed..).unwrap_or_default()),
            To::File(staged, w) => reread_hash(w, self.hashed, self.hash)
                .map_err(|e| staged.failed(format!("failed to read the temporary file ({e})")))?,
        };
        self.hashed = self.len;
        Ok(())
    }

    /// The 16-byte hash of everything written so far (two FNV-1a hashes, the second
    /// seeded by the first), to identify the file.
    pub fn hash16(&mut self) -> Result<[u8; 16], Diagnostic> {
        self.hash_written()?;
        let seed = self.hash ^ HASH16_SEED;
        let second = match &mut self.to {
            To::Memory(b) => fnv1a64(seed, b),
            To::File(staged, w) => reread_hash(w, 0, seed)
                .map_err(|e| staged.failed(format!("failed to read the temporary file ({e})")))?,
        };
        Ok(id16(self.hash, second))
    }

    /// Write the cross-reference table and the trailer (`/Root`, `/Info`, `/ID` twice
    /// `id`): the PDF is written.
    pub fn finish(
        mut self,
        (root, info): (Ref, Ref),
        id: &[u8; 16],
    ) -> Result<Written, Diagnostic> {
        let tail = xref_and_trailer(&mut self.offsets, self.len, (root, info), id);
        self.write(&tail)?;
        match self.to {
            To::Memory(b) => Ok(Written::Memory(b)),
            To::File(staged, w) => {
                let len = self.len as u64;
                let file = w.into_inner().map_err(|e| {
                    staged.failed(format!(
                        "failed to write the temporary file ({})",
                        e.error()
                    ))
                })?;
                Ok(Written::File(StagedPdf { staged, file, len }))
            }
        }
    }
}

/// FNV-1a from `seed` over the file behind `w` from byte `from` (read back in blocks),
/// leaving it positioned at its end for what follows.
fn reread_hash(w: &mut BufWriter<File>, from: usize, seed: u64) -> std::io::Result<u64> {
    w.flush()?;
    let file = w.get_mut();
    file.seek(SeekFrom::Start(from as u64))?;
    let mut block = vec![0; FILE_BUFFER];
    let mut hash = seed;
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        hash = fnv1a64(hash, block.get(..n).unwrap_or_default());
    }
    file.seek(SeekFrom::End(0))?;
    Ok(hash)
}

/// In a file `pdf-writer` finished: where its cross-reference table starts, and the
/// offset of each object by number (`None` for a free entry). `None` if the table is
/// not as `pdf-writer` writes it (one section from 0, 20-byte entries).
fn written_offsets(bytes: &[u8]) -> Option<(usize, Vec<Option<usize>>)> {
    let tail = bytes.get(bytes.len().saturating_sub(64)..)?;
    let at = memchr::memmem::rfind(tail, b"startxref\n")? + b"startxref\n".len();
    let digits = tail.get(at..)?.iter().take_while(|b| b.is_ascii_digit());
    let xref_at = decimal(&digits.copied().collect::<Vec<u8>>())?;
    let table = bytes.get(xref_at..)?.strip_prefix(b"xref\n0 ")?;
    let line = memchr::memchr(b'\n', table)?;
    let count = decimal(table.get(..line)?)?;
    let entries = table.get(line + 1..)?;
    let offsets = (0..count)
        .map(|i| {
            let e = entries.get(i.checked_mul(20)?..i.checked_mul(20)?.checked_add(20)?)?;
            match e.get(17) {
                Some(b'n') => decimal(e.get(..10)?).map(Some),
                Some(b'f') => Some(None),
                _ => None,
            }
        })
        .collect::<Option<Vec<_>>>()?;
    Some((xref_at, offsets))
}

/// A non-negative decimal number.
fn decimal(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// The cross-reference table of objects at `offsets` (one section from object 0, free
/// entries each naming the next free number, the last 0, ISO 32000-1 §7.5.4) and the
/// trailer after it, for a table starting at `xref_at`: as `pdf-writer`'s
/// `Pdf::finish` writes them.
fn xref_and_trailer(
    offsets: &mut [(Ref, usize)],
    xref_at: usize,
    (root, info): (Ref, Ref),
    id: &[u8; 16],
) -> Vec<u8> {
    offsets.sort_unstable();
    let size = offsets.last().map_or(0, |(r, _)| r.get()) + 1;
    let mut out = Vec::with_capacity(64 + 20 * usize::try_from(size).unwrap_or(0));
    let mut line = |at: usize, gen: u16, kind: char| {
        let _ = write!(out, "{at:010} {gen:05} {kind}\r\n");
    };
    let mut next_used = offsets.iter().peekable();
    let mut number = 0;
    while number < size {
        match next_used.peek() {
            Some((r, at)) if r.get() == number => {
                line(*at, 0, 'n');
                next_used.next();
                number += 1;
            }
            _ => {
                // The next free number: past this one and any used ones after it.
                let mut next = number + 1;
                for (r, _) in next_used.clone() {
                    if r.get() == next {
                        next += 1;
                    } else if r.get() > next {
                        break;
                    }
                }
                let gen = if number == 0 { 65535 } else { 0 };
                line(usize::try_from(next % size).unwrap_or(0), gen, 'f');
                number += 1;
            }
        }
    }
    let table = std::mem::take(&mut out);
    let mut tail = format!("xref\n0 {size}\n").into_bytes();
    tail.extend(table);
    tail.extend(b"trailer\n<<\n");
    let _ = write!(
        tail,
        "  /Size {size}\n  /Root {} 0 R\n  /Info {} 0 R\n  /ID ",
        root.get(),
        info.get()
    );
    tail.extend(id_array(id));
    let _ = write!(tail, "\n>>\nstartxref\n{xref_at}\n%%EOF");
    tail
}

/// `[<id> <id>]` as `pdf-writer` writes an array of two byte strings (a literal string
/// when every byte is ASCII, hex otherwise): written by it, in an object of its own.
fn id_array(id: &[u8; 16]) -> Vec<u8> {
    let mut chunk = pdf_writer::Chunk::new();
    chunk
        .indirect(Ref::new(1))
        .array()
        .item(pdf_writer::Str(id))
        .item(pdf_writer::Str(id));
    let bytes = chunk.as_bytes();
    let start = bytes.iter().position(|&b| b == b'[').unwrap_or(0);
    let end = bytes
        .iter()
        .rposition(|&b| b == b']')
        .map_or(bytes.len(), |e| e + 1);
    bytes.get(start..end).unwrap_or_default().to_vec()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;
    use pdf_writer::Name;

    /// Objects `numbers` written with `pdf-writer` into `pdf`, in order.
    fn objects(pdf: &mut Pdf, numbers: &[i32]) {
        for &n in numbers {
            let r = Ref::new(n);
            if n % 2 == 0 {
                pdf.indirect(r).dict().pair(Name(b"N"), n);
            } else {
                // A stream whose data holds what an object boundary looks like.
                let data = format!("endobj\n\n{} 0 obj\nstartxref\n0\n%%EOF", n + 1);
                pdf.stream(r, data.as_bytes());
            }
        }
    }

    /// The file id `id` and the objects of `batches` written in one `pdf-writer` file,
    /// and through `Out` a batch at a time, into `sink`: the bytes of each.
    fn both_ways(batches: &[&[i32]], id: [u8; 16], sink: Sink) -> (Vec<u8>, Vec<u8>) {
        let (root, info) = (Ref::new(1), Ref::new(3));
        let mut whole = Pdf::new();
        whole.set_version(1, 6);
        for b in batches {
            objects(&mut whole, b);
        }
        whole.catalog(root);
        whole.document_info(info);
        whole.set_file_id((id.to_vec(), id.to_vec()));
        let mut header = Pdf::new();
        header.set_version(1, 6);
        let mut out = Out::new(sink, header.as_bytes()).unwrap();
        for b in batches {
            let mut pdf = Pdf::new();
            objects(&mut pdf, b);
            out.append(pdf).unwrap();
        }
        let mut last = Pdf::new();
        last.catalog(root);
        last.document_info(info);
        out.append(last).unwrap();
        let streamed = match out.finish((root, info), &id).unwrap() {
            Written::Memory(b) => b,
            Written::File(f) => {
                let bytes = f.map().unwrap().as_ref().to_vec();
                assert_eq!(bytes.len() as u64, f.len);
                bytes
            }
        };
        (whole.finish(), streamed)
    }

    #[test]
    fn a_file_written_in_batches_is_the_file_pdf_writer_writes_whole() {
        // Objects out of order, numbers left free (0, 2, 6, 9 and 10, 12 at the end of a
        // run), a stream holding an object boundary's bytes, and an id in hex and one
        // all ASCII (a literal string, parentheses escaped as pdf-writer escapes them).
        let batches: &[&[i32]] = &[&[5, 4], &[8, 7, 11], &[13]];
        let hex = *b"\x00\x91binary\xffid\x10\x80\x81\x82\x83";
        let ascii = *b"(ascii) id\\(x)\n!";
        for id in [hex, ascii] {
            let (whole, streamed) = both_ways(batches, id, Sink::Memory);
            assert!(
                whole == streamed,
                "{}\n---\n{}",
                String::from_utf8_lossy(&whole),
                String::from_utf8_lossy(&streamed)
            );
        }
    }

    /// A scratch folder named after `name`, and a sink into a temporary file in it.
    fn temporary_sink(name: &str) -> (std::path::PathBuf, Sink) {
        let dir =
            crate::test_scratch_root().join(format!("broadsheet-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut staged = Staged::default();
        let file = staged.open(&dir.join("out.pdf")).unwrap();
        (dir, Sink::File(staged, file))
    }

    #[test]
    fn a_file_written_into_a_temporary_file_is_the_same() {
        let (dir, sink) = temporary_sink("sink");
        let (whole, streamed) = both_ways(&[&[4, 5], &[7]], [7; 16], sink);
        assert!(whole == streamed);
        // The temporary file went with its `Staged`: nothing is left.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_id_hashes_everything_written_before_it_from_memory_or_file() {
        let (dir, file_sink) = temporary_sink("sink-id");
        for sink in [Sink::Memory, file_sink] {
            let mut out = Out::new(sink, b"%PDF-1.6\n").unwrap();
            let mut pdf = Pdf::new();
            objects(&mut pdf, &[4, 5]);
            let objects_bytes = {
                let b = pdf.as_bytes();
                b[Pdf::new().as_bytes().len()..].to_vec()
            };
            out.append(pdf).unwrap();
            let mut written = b"%PDF-1.6\n".to_vec();
            written.extend(objects_bytes);
            assert_eq!(out.hash16().unwrap(), super::super::hash16(&written));
            // Hashing reads the file again; what comes after still lands at its end.
            let mut pdf = Pdf::new();
            objects(&mut pdf, &[6]);
            written.extend(&pdf.as_bytes()[Pdf::new().as_bytes().len()..]);
            out.append(pdf).unwrap();
            let bytes = match out.finish((Ref::new(4), Ref::new(6)), &[0; 16]).unwrap() {
                Written::Memory(b) => b,
                Written::File(f) => f.map().unwrap().as_ref().to_vec(),
            };
            assert!(bytes.starts_with(&written));
            assert!(bytes[written.len()..].starts_with(b"xref\n0 7\n"));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
