//! `cargo xtask refresh-data`: the snapshot `check versions` judges with when it has neither
//! `--data` nor `--refresh` (`data/version-policy/`, compiled in by `src/versions/embedded.rs`),
//! downloaded anew the way `check versions --refresh` fills the cache, so both stay one path.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use jiff::civil::Date;
use kubectl_scs::versions::data::Files;
use kubectl_scs::versions::refresh::{self, Upstream};

/// The snapshot's folder, relative to the workspace root.
pub const DATA_DIR: &str = "data/version-policy";
/// The file that compiles the snapshot in; its list of CVE records follows the folder.
pub const EMBEDDED_RS: &str = "src/versions/embedded.rs";

/// Downloads the four inputs from `upstream` into a scratch folder (nothing in `root` changes
/// unless every file arrived and parses), then replaces the data files of `root/DATA_DIR`
/// (its SOURCE.md stays: it is written by hand) and the list of records in `root/EMBEDDED_RS`.
/// Returns the ids of the CVE records now in the snapshot, sorted.
pub async fn refresh_data(
    root: &Path,
    upstream: &Upstream,
    today: Date,
    timeout: Duration,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<Vec<String>> {
    let scratch = tempfile::tempdir().context("cannot create a scratch folder")?;
    let fetched = refresh::refresh(upstream, scratch.path(), today, timeout, progress).await?;
    let files = Files::read_dir(&fetched)?;
    let out = root.join(DATA_DIR);
    files
        .write_into(&out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    let records: Vec<String> = files.records.into_keys().collect();
    let embedded = root.join(EMBEDDED_RS);
    let source = std::fs::read_to_string(&embedded)
        .with_context(|| format!("cannot read {}", embedded.display()))?;
    std::fs::write(&embedded, with_records(&source, &records)?)
        .with_context(|| format!("cannot write {}", embedded.display()))?;
    Ok(records)
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
