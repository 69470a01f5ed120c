//! The files an issue is made from, so the CLI can refuse to overwrite any of them.

use std::path::PathBuf;

use crate::spec::model::Issue;

impl Issue {
    /// Every file this issue was read from: `issue.toml`, the layout, each article and
    /// each font, each picture or supplied ad, and the output profile, in that order,
    /// without repeats (as the paths were resolved).
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut out = vec![self.path.clone(), self.layout.path.clone()];
        out.extend(self.articles.iter().map(|a| a.path.clone()));
        out.extend(self.fonts.iter().map(|(_, f)| f.path.clone()));
        out.extend(self.assets.iter().map(|a| a.path.clone()));
        out.extend(self.layout.output.profile.iter().map(|p| p.path.clone()));
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|p| seen.insert(p.clone()));
        out
    }
}
