//! Total area coverage (TAC) of a CMYK picture: the sum C + M + Y + K of each pixel in
//! percent, the figure a plant's ink limit is about (ISO 12647-3 §4.2.7: newsprint
//! 240 %). Measured once, from the pixels decoded when the picture is checked, and kept
//! as a histogram so any limit can be asked about afterwards.

/// How much ink a CMYK picture's pixels carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InkCoverage {
    /// Pixels by their coverage in whole percent, 0 ..= 400.
    hist: Vec<u64>,
}

impl InkCoverage {
    /// The coverage of 8-bit C, M, Y, K samples (ink values: 255 is solid).
    pub fn of_cmyk(samples: &[u8]) -> InkCoverage {
        let mut hist = vec![0u64; 401];
        for px in samples.chunks_exact(4) {
            let sum: u32 = px.iter().map(|&v| u32::from(v)).sum();
            // sum ≤ 1020, so the index is at most 400.
            let percent = (sum * 100 / 255) as usize;
            if let Some(n) = hist.get_mut(percent) {
                *n += 1;
            }
        }
        InkCoverage { hist }
    }

    /// Pixels by their coverage in whole percent, 0 ..= 400 (what
    /// [`InkCoverage::from_histogram`] takes back).
    pub fn histogram(&self) -> &[u64] {
        &self.hist
    }

    /// The coverage of a histogram of 401 counts (`None` for any other length).
    pub fn from_histogram(hist: Vec<u64>) -> Option<InkCoverage> {
        (hist.len() == 401).then_some(InkCoverage { hist })
    }

    /// The highest coverage of any pixel, in percent (0 for no pixel).
    pub fn max_percent(&self) -> u32 {
        self.hist
            .iter()
            .rposition(|&n| n > 0)
            .and_then(|i| u32::try_from(i).ok())
            .unwrap_or(0)
    }

    /// The share of the pixels (0–1) whose coverage is over `limit` percent.
    pub fn share_over(&self, limit: f64) -> f64 {
        let total: u64 = self.hist.iter().sum();
        if total == 0 {
            return 0.0;
        }
        let over: u64 = self
            .hist
            .iter()
            .enumerate()
            .filter(|&(p, _)| p as f64 > limit)
            .map(|(_, n)| n)
            .sum();
        over as f64 / total as f64
    }

    /// Whether any pixel is over `limit` percent.
    pub fn exceeds(&self, limit: f64) -> bool {
        f64::from(self.max_percent()) > limit
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn coverage_is_the_sum_of_the_inks() {
        let ink = InkCoverage::of_cmyk(&[
            255, 255, 255, 255, // 400 %
            0, 0, 0, 0, // paper
            153, 102, 102, 255, // 60 + 40 + 40 + 100 = 240 %
            191, 191, 0, 255, // 75 + 75 + 0 + 100 = 250 %
        ]);
        assert_eq!(ink.max_percent(), 400);
        assert!(ink.exceeds(240.0));
        assert_eq!(ink.share_over(240.0), 0.5);
        assert_eq!(ink.share_over(400.0), 0.0);
        assert!(!InkCoverage::of_cmyk(&[153, 102, 102, 255]).exceeds(240.0));
    }
}
