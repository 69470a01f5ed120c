//! A content stream parsed once into a compact list of operators (ISO 32000-1 §7.8.2),
//! keeping of each operand list only what the content checks read: up to six numbers,
//! and the name operand of `cs`, `CS`, `gs` and `Do`. A form XObject drawn many times
//! is parsed once and its list walked each time.

use hayro_syntax::content::UntypedIter;
use hayro_syntax::object::Object;

use crate::pdf_read::bounded;

/// Most operators walked on one page, forms included (a form that draws itself 40
/// times, 8 deep, would be 40^8); a stream is parsed to one operator past it.
pub const MAX_OPS_PER_PAGE: u64 = 2_000_000;

/// Most numeric operands an operator the checks read has (`cm`, `Tm`, `c`).
const MAX_NUMS: usize = 6;

/// Operators whose name operand the checks read.
const NAMED: &[&[u8]] = &[b"cs", b"CS", b"gs", b"Do"];

#[derive(Clone, Copy)]
struct Op {
    name: [u8; 3],
    nums_at: u32,
    nums_len: u8,
    /// Index in `names`, or `u32::MAX`.
    arg: u32,
}

/// The operators of a content stream.
#[derive(Default)]
pub struct Ops {
    ops: Vec<Op>,
    nums: Vec<f32>,
    names: Vec<Box<[u8]>>,
}

/// One operator: its name (empty for names longer than three bytes, none of which the
/// checks read), its numbers (none when it has more than six), its name operand.
pub struct OpRef<'a> {
    pub op: &'a [u8],
    pub nums: [f64; MAX_NUMS],
    pub len: usize,
    pub name: &'a [u8],
}

impl OpRef<'_> {
    /// The numeric operands.
    pub fn args(&self) -> &[f64] {
        self.nums.get(..self.len).unwrap_or_default()
    }
}

impl Ops {
    /// Parse content that nests at most [`bounded::MAX_NESTING`] deep. The parser stops
    /// at the first token it cannot read; what comes before is walked.
    pub fn parse(data: &[u8]) -> Result<Ops, String> {
        bounded::shallow(data)?;
        let mut out = Ops::default();
        let mut it = UntypedIter::new(data);
        while let Some(ins) = it.next() {
            if out.ops.len() as u64 > MAX_OPS_PER_PAGE {
                break;
            }
            let op: &[u8] = &ins.operator[..];
            let mut name = [0u8; 3];
            if let Some(n) = name.get_mut(..op.len()) {
                n.copy_from_slice(op);
            }
            // The numeric operands, kept when there are at most `MAX_NUMS` (gathered on
            // the stack: this runs for every operator of every page).
            let mut nums = [0f32; MAX_NUMS];
            let mut count = 0usize;
            for o in ins.operands() {
                if let Object::Number(n) = o {
                    if let Some(slot) = nums.get_mut(count) {
                        *slot = n.as_f32();
                    }
                    count = count.saturating_add(1);
                }
            }
            let nums_at = u32::try_from(out.nums.len()).unwrap_or(u32::MAX);
            let nums_len = if count <= MAX_NUMS { count } else { 0 };
            out.nums
                .extend_from_slice(nums.get(..nums_len).unwrap_or_default());
            let mut arg = u32::MAX;
            if NAMED.contains(&op) {
                if let Some(Object::Name(n)) = ins.operands().next() {
                    arg = u32::try_from(out.names.len()).unwrap_or(u32::MAX);
                    out.names.push(n.as_ref().into());
                }
            }
            out.ops.push(Op {
                name,
                nums_at,
                nums_len: nums_len as u8,
                arg,
            });
        }
        Ok(out)
    }

    /// The operators in order.
    pub fn iter(&self) -> impl Iterator<Item = OpRef<'_>> {
        self.ops.iter().map(|op| {
            let len = op.name.iter().position(|&b| b == 0).unwrap_or(3);
            let at = op.nums_at as usize;
            let mut nums = [0.0; MAX_NUMS];
            let stored = self
                .nums
                .get(at..at + usize::from(op.nums_len))
                .unwrap_or_default();
            for (n, v) in nums.iter_mut().zip(stored) {
                *n = f64::from(*v);
            }
            OpRef {
                op: op.name.get(..len).unwrap_or_default(),
                nums,
                len: stored.len(),
                name: self.names.get(op.arg as usize).map_or(&[][..], |n| &n[..]),
            }
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn operators_keep_numbers_and_names() {
        let ops = Ops::parse(b"q 1 0 0 1 10 20 cm /Fm1 Do 0 0 0 1 k (x) Tj BDC Q").unwrap();
        let all: Vec<(Vec<u8>, Vec<f64>, Vec<u8>)> = ops
            .iter()
            .map(|o| (o.op.to_vec(), o.args().to_vec(), o.name.to_vec()))
            .collect();
        assert_eq!(all[1].0, b"cm");
        assert_eq!(all[1].1, [1.0, 0.0, 0.0, 1.0, 10.0, 20.0]);
        assert_eq!(all[2].2, b"Fm1");
        assert_eq!(all[3].1, [0.0, 0.0, 0.0, 1.0]);
        assert_eq!(all.len(), 7);
        assert!(Ops::parse(&[b'['; 100_000]).is_err());
    }
}
