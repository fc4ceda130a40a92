//! The file-system edge: reading a results file or searching a results directory.

use std::borrow::Cow;
use std::fs;
use std::io::Read;
use std::path::Path;

use super::bundle::{self, Bundle, Member};
use super::{
    Format, MAX_INPUT_BYTES, Results, ResultsError, SNIFF_BYTES, parse_results_bytes, sniff,
};

/// Where in a directory results are looked for: the directory itself (the runner's
/// artifacts directory, or any folder holding a results file) and the e2e plugin's
/// folders of an extracted sonobuoy tarball.
const SEARCHED: [&str; 4] = [
    "",
    "plugins/e2e",
    "plugins/e2e/results/global",
    "plugins/e2e/results",
];

/// Reads e2e results from a file (format detected by content) or a directory.
///
/// A directory is searched (not recursively) in itself and in `plugins/e2e/`,
/// `plugins/e2e/results/global/` and `plugins/e2e/results/`; every file there is
/// classified by content and the best source is judged (see the module docs of
/// `results`). Sonobuoy's `serverversion.json` at the top supplies the server version.
pub fn load_results(path: &Path) -> Result<Results, ResultsError> {
    let meta = fs::metadata(path).map_err(|source| io_error(path, source))?;
    if meta.is_dir() {
        return load_dir(path);
    }
    let bytes = read_capped(path)?;
    parse_results_bytes(&path.display().to_string(), &bytes)
}

fn io_error(path: &Path, source: std::io::Error) -> ResultsError {
    ResultsError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn read_capped(path: &Path) -> Result<Vec<u8>, ResultsError> {
    read_prefix(path, MAX_INPUT_BYTES + 1).and_then(|bytes| {
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            Err(ResultsError::TooLarge {
                name: path.display().to_string(),
                limit: MAX_INPUT_BYTES,
            })
        } else {
            Ok(bytes)
        }
    })
}

fn read_prefix(path: &Path, limit: u64) -> Result<Vec<u8>, ResultsError> {
    let file = fs::File::open(path).map_err(|source| io_error(path, source))?;
    let mut bytes = Vec::new();
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(path, source))?;
    Ok(bytes)
}

fn load_dir(dir: &Path) -> Result<Results, ResultsError> {
    let mut members = Vec::new();
    let mut server_version = None;
    for sub in SEARCHED {
        let folder = dir.join(sub);
        if !folder.is_dir() {
            continue;
        }
        let mut names: Vec<String> = fs::read_dir(&folder)
            .map_err(|source| io_error(&folder, source))?
            .filter_map(|entry| entry.ok())
            .filter(|entry| fs::metadata(entry.path()).is_ok_and(|m| m.is_file()))
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for file in names {
            let rel = if sub.is_empty() {
                file
            } else {
                format!("{sub}/{file}")
            };
            if bundle::is_os_clutter(&rel) {
                continue;
            }
            let path = dir.join(&rel);
            if bundle::is_server_version(&rel) {
                server_version = bundle::server_version(&read_prefix(&path, 1 << 20)?);
                continue;
            }
            let format = sniff(&read_prefix(&path, SNIFF_BYTES as u64)?);
            if format != Format::Unknown {
                members.push(Member { path: rel, format });
            }
        }
    }
    let name = dir.display().to_string();
    let bundle = Bundle {
        kind: "a directory",
        name: &name,
        separator: '/',
        server_version,
    };
    let read = |i: usize| -> Result<Cow<'_, [u8]>, ResultsError> {
        let rel = members.get(i).map_or("", |m| m.path.as_str());
        read_capped(&dir.join(rel)).map(Cow::Owned)
    };
    bundle::assemble(&bundle, &members, &read)
}
