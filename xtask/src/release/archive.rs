//! The release archive: a `.tar.gz` per platform holding the plugin, the completion helper,
//! LICENSE and README.md at its top level.
//!
//! Archives are reproducible: entries are written in a fixed order with fixed owners, modes and
//! modification time, and the gzip header carries no time, so the same binary and `mtime` give
//! the same bytes and the same checksum.

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use kubectl_scs::commands::completion::helper::HELPER_SCRIPT;
use kubectl_scs::error::{Error, Result};
use sha2::{Digest, Sha256};

use super::Platform;

/// What goes into one archive.
#[derive(Debug, Clone)]
pub struct ArchiveInput<'a> {
    /// The release tag, `v0.1.0`.
    pub tag: &'a str,
    pub platform: &'a Platform,
    /// The plugin executable built for `platform`.
    pub binary: &'a Path,
    pub license: &'a Path,
    pub readme: &'a Path,
    /// Modification time of every entry, seconds since the epoch (`SOURCE_DATE_EPOCH`).
    pub mtime: u64,
}

/// A written archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    pub path: PathBuf,
    /// Lowercase hex SHA-256 of the archive file, as krew wants it.
    pub sha256: String,
}

/// One entry of an archive, as krew would extract it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the archive, without a leading `./`.
    pub path: String,
    pub mode: u32,
    pub is_file: bool,
}

/// Writes the archive for `input` into `out_dir` and returns its path and checksum.
pub fn build(input: &ArchiveInput<'_>, out_dir: &Path) -> Result<Archive> {
    let binary = read(input.binary)?;
    let helper = if input.platform.is_windows() {
        // Windows runs only .exe helpers; the plugin answers when started under that name.
        binary.clone()
    } else {
        HELPER_SCRIPT.as_bytes().to_vec()
    };
    let entries = [
        (input.platform.bin_name(), binary, 0o755),
        (input.platform.helper_name(), helper, 0o755),
        ("LICENSE".to_string(), read(input.license)?, 0o644),
        ("README.md".to_string(), read(input.readme)?, 0o644),
    ];
    std::fs::create_dir_all(out_dir)
        .map_err(|e| Error::could_not_run(format!("cannot create {}: {e}", out_dir.display())))?;
    let path = out_dir.join(super::archive_file_name(input.tag, &input.platform.target));
    write_tar_gz(&path, &entries, input.mtime)
        .map_err(|e| Error::could_not_run(format!("cannot write {}: {e}", path.display())))?;
    let sha256 = sha256_file(&path)?;
    Ok(Archive { path, sha256 })
}

fn write_tar_gz(path: &Path, entries: &[(String, Vec<u8>, u32)], mtime: u64) -> io::Result<()> {
    let file = File::create(path)?;
    let gz = GzEncoder::new(file, Compression::best());
    let mut tar = tar::Builder::new(gz);
    for (name, data, mode) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(*mode);
        header.set_mtime(mtime);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, name, data.as_slice())?;
    }
    tar.into_inner()?.finish()?.flush()
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| Error::could_not_run(format!("cannot read {}: {e}", path.display())))
}

/// Lowercase hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> Result<String> {
    let fail = |e: io::Error| Error::could_not_run(format!("cannot read {}: {e}", path.display()));
    let mut reader = BufReader::new(File::open(path).map_err(fail)?);
    let mut hasher = Sha256::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Writes `<archive>.sha256` beside the archive, in `sha256sum`'s format.
pub fn write_checksum(archive: &Archive) -> Result<PathBuf> {
    let name = archive
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = PathBuf::from(format!("{}.sha256", archive.path.display()));
    std::fs::write(&path, format!("{}  {name}\n", archive.sha256))
        .map_err(|e| Error::could_not_run(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

/// Reads a `sha256sum`-style line: the checksum and the file it names.
pub fn parse_checksum(origin: &Path, text: &str) -> Result<(String, String)> {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (Some(sha), Some(name)) => Ok((sha.to_string(), name.trim_start_matches('*').to_string())),
        _ => Err(Error::could_not_run(format!(
            "{} is not a checksum file: expected \"<sha256>  <file>\"",
            origin.display()
        ))),
    }
}

/// The entries of a `.tar.gz` archive.
pub fn entries(path: &Path) -> Result<Vec<Entry>> {
    let fail =
        |e: io::Error| Error::could_not_run(format!("cannot read archive {}: {e}", path.display()));
    let file = File::open(path).map_err(fail)?;
    let mut archive = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
    let mut out = Vec::new();
    for entry in archive.entries().map_err(fail)? {
        let entry = entry.map_err(fail)?;
        let header = entry.header();
        let raw = entry.path().map_err(fail)?.to_string_lossy().into_owned();
        let path = raw
            .trim_start_matches("./")
            .trim_end_matches('/')
            .to_string();
        if path.is_empty() {
            continue;
        }
        out.push(Entry {
            path,
            mode: header.mode().map_err(fail)?,
            is_file: header.entry_type().is_file(),
        });
    }
    Ok(out)
}

/// Extracts a `.tar.gz` archive into `dir` (as krew does before applying `files`).
pub fn extract(path: &Path, dir: &Path) -> Result<()> {
    let file = File::open(path).map_err(|e| {
        Error::could_not_run(format!("cannot read archive {}: {e}", path.display()))
    })?;
    tar::Archive::new(GzDecoder::new(BufReader::new(file)))
        .unpack(dir)
        .map_err(|e| {
            Error::could_not_run(format!(
                "cannot extract {} into {}: {e}",
                path.display(),
                dir.display()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        let bin = dir.join("bin");
        let license = dir.join("LICENSE");
        let readme = dir.join("README.md");
        std::fs::write(&bin, b"\x7fELF binary").unwrap();
        std::fs::write(&license, "Apache").unwrap();
        std::fs::write(&readme, "# readme").unwrap();
        (bin, license, readme)
    }

    #[test]
    fn unix_archive_holds_plugin_script_helper_license_readme() {
        let dir = tempfile::tempdir().unwrap();
        let (bin, license, readme) = inputs(dir.path());
        let platform = Platform::from_target("x86_64-unknown-linux-musl").unwrap();
        let input = ArchiveInput {
            tag: "v1.0.0",
            platform: &platform,
            binary: &bin,
            license: &license,
            readme: &readme,
            mtime: 1_700_000_000,
        };
        let archive = build(&input, &dir.path().join("out")).unwrap();
        assert!(
            archive
                .path
                .ends_with("kubectl-scs_v1.0.0_x86_64-unknown-linux-musl.tar.gz")
        );
        assert_eq!(archive.sha256.len(), 64);
        let listed = entries(&archive.path).unwrap();
        let names: Vec<_> = listed.iter().map(|e| (e.path.as_str(), e.mode)).collect();
        assert_eq!(
            names,
            [
                ("kubectl-scs", 0o755),
                ("kubectl_complete-scs", 0o755),
                ("LICENSE", 0o644),
                ("README.md", 0o644)
            ]
        );
        let unpacked = dir.path().join("x");
        extract(&archive.path, &unpacked).unwrap();
        assert_eq!(
            std::fs::read_to_string(unpacked.join("kubectl_complete-scs")).unwrap(),
            HELPER_SCRIPT
        );
        // Same inputs, same bytes.
        let again = build(&input, &dir.path().join("again")).unwrap();
        assert_eq!(again.sha256, archive.sha256);
        assert_eq!(sha256_file(&again.path).unwrap(), archive.sha256);
    }

    #[test]
    fn windows_archive_holds_exe_plugin_and_exe_helper() {
        let dir = tempfile::tempdir().unwrap();
        let (bin, license, readme) = inputs(dir.path());
        let platform = Platform::from_target("x86_64-pc-windows-msvc").unwrap();
        let archive = build(
            &ArchiveInput {
                tag: "v1.0.0",
                platform: &platform,
                binary: &bin,
                license: &license,
                readme: &readme,
                mtime: 0,
            },
            dir.path(),
        )
        .unwrap();
        let unpacked = dir.path().join("x");
        extract(&archive.path, &unpacked).unwrap();
        let helper = std::fs::read(unpacked.join("kubectl_complete-scs.exe")).unwrap();
        assert_eq!(helper, std::fs::read(&bin).unwrap());
        assert!(unpacked.join("kubectl-scs.exe").is_file());
    }

    #[test]
    fn checksum_files_round_trip_and_missing_inputs_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let (bin, license, _) = inputs(dir.path());
        let archive = Archive {
            path: bin.clone(),
            sha256: sha256_file(&bin).unwrap(),
        };
        let written = write_checksum(&archive).unwrap();
        let text = std::fs::read_to_string(&written).unwrap();
        assert_eq!(
            parse_checksum(&written, &text).unwrap(),
            (archive.sha256.clone(), "bin".to_string())
        );
        assert!(parse_checksum(&written, "garbage").is_err());
        // The SHA-256 of "Apache", checked against sha256sum.
        assert_eq!(
            sha256_file(&license).unwrap(),
            "87ec4027e1c873944291bdd61ee07ed30d74d45cbb418c85ae256e0a18e9e2cc"
        );
        let platform = Platform::from_target("x86_64-unknown-linux-musl").unwrap();
        let err = build(
            &ArchiveInput {
                tag: "v1.0.0",
                platform: &platform,
                binary: &dir.path().join("missing"),
                license: &license,
                readme: &license,
                mtime: 0,
            },
            dir.path(),
        )
        .unwrap_err();
        assert!(err.message.contains("missing"), "{}", err.message);
    }
}
