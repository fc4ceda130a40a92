//! gzip and tar input: `sonobuoy retrieve` tarballs (current layout
//! `plugins/e2e/results/global/`, legacy `plugins/e2e/results/`) and the conformance
//! image's `e2e.tar.gz` (`junit_01.xml` and `e2e.log` at the root).
//!
//! Only the few members that can hold results are kept in memory, each up to
//! [`super::MAX_INPUT_BYTES`]; the whole stream is cut at [`super::MAX_ARCHIVE_BYTES`]
//! decompressed bytes and [`super::MAX_ARCHIVE_MEMBERS`] members. Tar entries are read raw, so a GNU
//! long-name or PAX record can never make the reader buffer an oversized header.

use std::borrow::Cow;
use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

use super::bundle::{self, Bundle, Member};
use super::{Format, Limits, Results, ResultsError, is_tar, sniff};

/// A decompressed gzip stream: either a tar archive (already judged) or plain bytes.
pub(super) enum Unpacked {
    Archive(Results),
    Plain(Vec<u8>),
}

/// Counts bytes read and fails with `FileTooLarge` past the limit.
struct Limited<R> {
    inner: R,
    read: u64,
    limit: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read = self.read.saturating_add(n as u64);
        if self.read > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "archive size limit",
            ));
        }
        Ok(n)
    }
}

fn stream_error(name: &str, e: &io::Error, limits: Limits) -> ResultsError {
    if e.kind() == io::ErrorKind::FileTooLarge {
        ResultsError::ArchiveLimit {
            name: name.to_string(),
            what: "decompressed bytes",
            limit: limits.archive,
        }
    } else {
        ResultsError::Archive {
            name: name.to_string(),
            message: e.to_string(),
        }
    }
}

/// Decompresses a gzip stream; a tar inside is read as an archive.
pub(super) fn gunzip_or_untar(
    name: &str,
    bytes: &[u8],
    limits: Limits,
) -> Result<Unpacked, ResultsError> {
    let mut stream = Limited {
        inner: MultiGzDecoder::new(bytes),
        read: 0,
        limit: limits.archive,
    };
    let mut head = Vec::with_capacity(512);
    (&mut stream)
        .take(512)
        .read_to_end(&mut head)
        .map_err(|e| stream_error(name, &e, limits))?;
    if is_tar(&head) {
        let chained = io::Cursor::new(head).chain(stream);
        return read_tar_stream(name, chained, limits).map(Unpacked::Archive);
    }
    let mut plain = head;
    (&mut stream)
        .take((limits.input + 1).saturating_sub(plain.len() as u64))
        .read_to_end(&mut plain)
        .map_err(|e| stream_error(name, &e, limits))?;
    if plain.len() as u64 > limits.input {
        return Err(ResultsError::TooLarge {
            name: name.to_string(),
            limit: limits.input,
        });
    }
    Ok(Unpacked::Plain(plain))
}

/// Reads an uncompressed tar archive.
pub(super) fn read_tar(name: &str, bytes: &[u8], limits: Limits) -> Result<Results, ResultsError> {
    let stream = Limited {
        inner: bytes,
        read: 0,
        limit: limits.archive,
    };
    read_tar_stream(name, stream, limits)
}

/// Normalised member path: no leading `./` or `/`.
fn clean_path(raw: &str) -> String {
    let mut path = raw.replace('\\', "/");
    loop {
        if let Some(rest) = path.strip_prefix("./") {
            path = rest.to_string();
        } else if let Some(rest) = path.strip_prefix('/') {
            path = rest.to_string();
        } else {
            return path;
        }
    }
}

/// Members that may hold results or metadata; everything else is skipped unread.
fn is_wanted(path: &str) -> bool {
    if bundle::is_os_clutter(path) {
        return false;
    }
    if bundle::is_server_version(path) {
        return true;
    }
    if let Some(rest) = path.strip_prefix("plugins/") {
        // Only the e2e plugin: other plugins (systemd-logs, …) have their own results.
        return rest.starts_with("e2e/")
            && (path.ends_with(".xml") || path.ends_with(".yaml") || path.ends_with(".log"));
    }
    let top = path.split('/').next().unwrap_or("");
    if matches!(top, "resources" | "podlogs" | "hosts" | "meta") {
        return false;
    }
    path.ends_with(".xml") || path.ends_with(".log") || path.ends_with(".yaml")
}

fn read_tar_stream<R: Read>(
    name: &str,
    reader: R,
    limits: Limits,
) -> Result<Results, ResultsError> {
    let mut archive = tar::Archive::new(reader);
    let entries = archive
        .entries()
        .map_err(|e| stream_error(name, &e, limits))?
        .raw(true);
    let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
    let mut sonobuoy_layout = false;
    let mut server_version = None;
    for (count, entry) in entries.enumerate() {
        if count as u64 >= limits.members {
            return Err(ResultsError::ArchiveLimit {
                name: name.to_string(),
                what: "members",
                limit: limits.members,
            });
        }
        let mut entry = entry.map_err(|e| stream_error(name, &e, limits))?;
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind == tar::EntryType::Continuous) {
            continue;
        }
        let path = match entry.path() {
            Ok(p) => clean_path(&p.to_string_lossy()),
            Err(_) => continue,
        };
        if path.starts_with("plugins/") || path == "meta/config.json" {
            sonobuoy_layout = true;
        }
        if !is_wanted(&path) {
            continue;
        }
        if entry.size() > limits.input {
            return Err(ResultsError::TooLarge {
                name: format!("{name}!{path}"),
                limit: limits.input,
            });
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(limits.input)
            .read_to_end(&mut data)
            .map_err(|e| stream_error(name, &e, limits))?;
        if bundle::is_server_version(&path) {
            server_version = bundle::server_version(&data);
        } else {
            kept.push((path, data));
        }
    }
    // Nested archives are not opened: neither layout puts one where results belong.
    let members: Vec<Member> = kept
        .iter()
        .map(|(path, data)| Member {
            path: path.clone(),
            format: match sniff(data) {
                Format::Gzip | Format::Tar => Format::Unknown,
                other => other,
            },
        })
        .collect();
    let read = |i: usize| -> Result<Cow<'_, [u8]>, ResultsError> {
        Ok(Cow::Borrowed(
            kept.get(i).map_or(&[][..], |(_, data)| data.as_slice()),
        ))
    };
    let bundle = Bundle {
        kind: if sonobuoy_layout {
            "a sonobuoy tarball"
        } else {
            "an archive"
        },
        name,
        separator: '!',
        server_version,
    };
    bundle::assemble(&bundle, &members, &read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_and_filtered() {
        assert_eq!(
            clean_path("./plugins/e2e/results/e2e.log"),
            "plugins/e2e/results/e2e.log"
        );
        assert!(is_wanted("plugins/e2e/results/global/junit_01.xml"));
        assert!(is_wanted("plugins/e2e/sonobuoy_results.yaml"));
        assert!(!is_wanted("plugins/systemd-logs/sonobuoy_results.yaml"));
        assert!(!is_wanted("plugins/e2e/._.DS_Store"));
        assert!(!is_wanted("podlogs/ns/pod/c.log"));
        assert!(is_wanted("junit_01.xml"));
        assert!(is_wanted("serverversion.json"));
    }
}
