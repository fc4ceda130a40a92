//! The four inputs of the judgement, from the embedded snapshot, a data directory or the cache
//! `--refresh` fills. A data directory has the layout of `data/version-policy/`:
//! `k8s-eol-data.yml`, `releases.json`, `official-cve-feed.json`, `cve/<CVE-ID>.json` and,
//! optionally, `as-of` (a `YYYY-MM-DD` date; without it the newest release's date counts).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use super::formats::{CveFeed, CveRecord, EolEntry, GithubRelease};

pub const EOL_FILE: &str = "k8s-eol-data.yml";
pub const RELEASES_FILE: &str = "releases.json";
pub const FEED_FILE: &str = "official-cve-feed.json";
pub const RECORDS_DIR: &str = "cve";
pub const AS_OF_FILE: &str = "as-of";

/// The raw texts of a data directory; records by CVE id.
#[derive(Debug, Clone, Default)]
pub struct Files {
    pub eol: String,
    pub releases: String,
    pub feed: String,
    pub records: BTreeMap<String, String>,
    pub as_of: Option<String>,
}

/// Where the data came from, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum DataSource {
    /// The snapshot compiled into the binary.
    Embedded,
    /// `--data DIR`.
    Directory { path: PathBuf },
    /// `--refresh`: downloaded into this cache directory.
    Refreshed { path: PathBuf },
}

/// The typed inputs.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub eol: Vec<EolEntry>,
    pub releases: Vec<GithubRelease>,
    pub feed: CveFeed,
    /// The records of the feed's CVEs, in feed order.
    pub records: Vec<CveRecord>,
    /// Feed CVEs without a record.
    pub missing_records: Vec<String>,
    /// How current the data is.
    pub as_of: Option<Date>,
}

/// A file that could not be read or understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {why}")]
pub struct DataError {
    pub file: String,
    pub why: String,
}

fn bad(file: &str, why: impl ToString) -> DataError {
    DataError {
        file: file.to_string(),
        why: why.to_string(),
    }
}

impl Dataset {
    /// Parses the texts; the as-of date is `as-of`, else the newest release's date.
    pub fn parse(files: &Files) -> Result<Dataset, DataError> {
        let eol: Vec<EolEntry> =
            serde_saphyr::from_str(&files.eol).map_err(|e| bad(EOL_FILE, e))?;
        let releases: Vec<GithubRelease> =
            serde_json::from_str(&files.releases).map_err(|e| bad(RELEASES_FILE, e))?;
        let feed: CveFeed = serde_json::from_str(&files.feed).map_err(|e| bad(FEED_FILE, e))?;
        let mut records = Vec::new();
        let mut missing_records = Vec::new();
        for item in &feed.items {
            match files.records.get(&item.id) {
                Some(text) => records.push(
                    serde_json::from_str(text)
                        .map_err(|e| bad(&format!("{RECORDS_DIR}/{}.json", item.id), e))?,
                ),
                None => missing_records.push(item.id.clone()),
            }
        }
        let as_of =
            match &files.as_of {
                Some(text) => Some(Date::strptime("%Y-%m-%d", text.trim()).map_err(|e| {
                    bad(AS_OF_FILE, format!("{:?} is not a date: {e}", text.trim()))
                })?),
                None => newest_release_date(&releases),
            };
        Ok(Dataset {
            eol,
            releases,
            feed,
            records,
            missing_records,
            as_of,
        })
    }
}

fn newest_release_date(releases: &[GithubRelease]) -> Option<Date> {
    releases
        .iter()
        .filter_map(|r| r.published_at.as_deref())
        .filter_map(|p| p.get(..10))
        .filter_map(|d| Date::strptime("%Y-%m-%d", d).ok())
        .max()
}

impl Files {
    /// Writes the files into `dir` in a data directory's layout: the data files are replaced,
    /// the records folder holds exactly these records; anything else in `dir` stays.
    pub fn write_into(&self, dir: &Path) -> std::io::Result<()> {
        let records = dir.join(RECORDS_DIR);
        if records.exists() {
            std::fs::remove_dir_all(&records)?;
        }
        std::fs::create_dir_all(&records)?;
        std::fs::write(dir.join(EOL_FILE), &self.eol)?;
        std::fs::write(dir.join(RELEASES_FILE), &self.releases)?;
        std::fs::write(dir.join(FEED_FILE), &self.feed)?;
        for (id, text) in &self.records {
            std::fs::write(records.join(format!("{id}.json")), text)?;
        }
        if let Some(as_of) = &self.as_of {
            std::fs::write(dir.join(AS_OF_FILE), as_of)?;
        }
        Ok(())
    }

    /// Reads a data directory. Every file but `as-of` and the records must be there; a record
    /// that is missing is reported by [`Dataset::parse`].
    pub fn read_dir(dir: &Path) -> Result<Files, DataError> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| bad(&dir.join(name).display().to_string(), e))
        };
        let mut records = BTreeMap::new();
        let records_dir = dir.join(RECORDS_DIR);
        if records_dir.is_dir() {
            let entries = std::fs::read_dir(&records_dir)
                .map_err(|e| bad(&records_dir.display().to_string(), e))?;
            for entry in entries.flatten() {
                let path = entry.path();
                let Some(id) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".json"))
                else {
                    continue;
                };
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| bad(&path.display().to_string(), e))?;
                records.insert(id.to_string(), text);
            }
        }
        let as_of = match std::fs::read_to_string(dir.join(AS_OF_FILE)) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(bad(&dir.join(AS_OF_FILE).display().to_string(), e)),
        };
        Ok(Files {
            eol: read(EOL_FILE)?,
            releases: read(RELEASES_FILE)?,
            feed: read(FEED_FILE)?,
            records,
            as_of,
        })
    }
}
