//! `cargo xtask refresh-data`: the snapshot `check versions` judges with when it has neither
//! `--data` nor `--refresh` (`data/version-policy/`, compiled in by `src/versions/embedded.rs`),
//! downloaded anew the way `check versions --refresh` fills the cache, so both stay one path.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use jiff::civil::Date;
use kubectl_scs::versions::data::{AS_OF_FILE, EOL_FILE, FEED_FILE, RECORDS_DIR, RELEASES_FILE};
use kubectl_scs::versions::refresh::{self, Upstream};

/// The snapshot's folder, relative to the workspace root.
pub const DATA_DIR: &str = "data/version-policy";
/// The file that compiles the snapshot in; its list of CVE records follows the folder.
pub const EMBEDDED_RS: &str = "src/versions/embedded.rs";

/// What a refresh changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refreshed {
    /// The CVE records now in the snapshot, sorted.
    pub records: Vec<String>,
    /// The snapshot's new date (`as-of`).
    pub as_of: Date,
}

/// Downloads the four inputs from `upstream` into a scratch folder (nothing in `root` changes
/// unless every file arrived and parses), then replaces the data files of `root/DATA_DIR`
/// (its SOURCE.md stays: it is written by hand) and the list of records in `root/EMBEDDED_RS`.
pub async fn refresh_data(
    root: &Path,
    upstream: &Upstream,
    today: Date,
    timeout: Duration,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<Refreshed> {
    let scratch = tempfile::tempdir().context("cannot create a scratch folder")?;
    let fetched = refresh::refresh(upstream, scratch.path(), today, timeout, progress).await?;
    let out = root.join(DATA_DIR);
    for name in [EOL_FILE, RELEASES_FILE, FEED_FILE, AS_OF_FILE] {
        copy(&fetched.join(name), &out.join(name))?;
    }
    let records_dir = out.join(RECORDS_DIR);
    if records_dir.exists() {
        std::fs::remove_dir_all(&records_dir)
            .with_context(|| format!("cannot remove {}", records_dir.display()))?;
    }
    std::fs::create_dir_all(&records_dir)
        .with_context(|| format!("cannot create {}", records_dir.display()))?;
    let mut records = Vec::new();
    for path in json_files(&fetched.join(RECORDS_DIR))? {
        let name = path.file_name().unwrap_or_default();
        copy(&path, &records_dir.join(name))?;
        records.push(
            path.file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
        );
    }
    records.sort();
    let embedded = root.join(EMBEDDED_RS);
    let source = std::fs::read_to_string(&embedded)
        .with_context(|| format!("cannot read {}", embedded.display()))?;
    std::fs::write(&embedded, with_records(&source, &records)?)
        .with_context(|| format!("cannot write {}", embedded.display()))?;
    Ok(Refreshed {
        records,
        as_of: today,
    })
}

/// `source` (embedded.rs) with the ids between `records![` and `];` replaced by `records`.
pub fn with_records(source: &str, records: &[String]) -> Result<String> {
    const OPEN: &str = "records![\n";
    let Some(start) = source.find(OPEN).map(|at| at + OPEN.len()) else {
        bail!("{EMBEDDED_RS} has no `records![` list to rewrite");
    };
    let Some(len) = source[start..].find("];") else {
        bail!("{EMBEDDED_RS}: the `records![` list does not end with `];`");
    };
    let list: String = records.iter().map(|id| format!("    {id:?},\n")).collect();
    Ok(format!(
        "{}{list}{}",
        &source[..start],
        &source[start + len..]
    ))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_list_is_rewritten_in_place() {
        let source =
            "const RECORDS: &[(&str, &str)] = records![\n    \"CVE-1\",\n];\n\npub fn files() {}\n";
        let out = with_records(source, &["CVE-2".into(), "CVE-3".into()]).unwrap();
        assert_eq!(
            out,
            "const RECORDS: &[(&str, &str)] = records![\n    \"CVE-2\",\n    \"CVE-3\",\n];\n\npub fn files() {}\n"
        );
        assert!(with_records("no list", &[]).is_err());
    }
}
