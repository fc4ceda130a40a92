//! A dist directory: the archives and checksum files of one or more platforms of a release, from
//! which the manifest is rendered and against which it is verified.

use std::path::Path;

use kubectl_scs::commands::completion::HELPER_NAME;
use kubectl_scs::error::{Error, Result};

use super::archive::{self, parse_checksum};
use super::krew::{self, PlatformRelease};
use super::{Platform, archive_file_name};

/// The archives of `tag` found in `dist` (by their `.sha256` files), with their download URIs
/// below `base_url`.
pub fn releases_in(dist: &Path, tag: &str, base_url: &str) -> Result<Vec<PlatformRelease>> {
    let prefix = format!("kubectl-scs_{tag}_");
    let suffix = ".tar.gz.sha256";
    let listing = std::fs::read_dir(dist)
        .map_err(|e| Error::could_not_run(format!("cannot read {}: {e}", dist.display())))?;
    let mut releases = Vec::new();
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(target) = name
            .strip_prefix(&prefix)
            .and_then(|n| n.strip_suffix(suffix))
        else {
            continue;
        };
        let Some(platform) = Platform::from_target(target) else {
            continue;
        };
        let path = entry.path();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::could_not_run(format!("cannot read {}: {e}", path.display())))?;
        let (sha256, _) = parse_checksum(&path, &text)?;
        let file = archive_file_name(tag, target);
        releases.push(PlatformRelease {
            platform,
            uri: format!("{}/{file}", base_url.trim_end_matches('/')),
            sha256,
        });
    }
    releases.sort_by(|a, b| a.platform.target.cmp(&b.platform.target));
    Ok(releases)
}

/// What a manifest check found.
#[derive(Debug, Default)]
pub struct Verified {
    /// Broken rules, each naming the field or archive; empty when all is well.
    pub problems: Vec<String>,
    /// How many platforms' archives were found in the dist directory and checked.
    pub archives_checked: usize,
}

/// Checks a manifest against krew's rules, and each platform whose archive lies in `dist`
/// against that archive: what `files` copies, `bin`, the license and the completion helper.
/// Archives are found by the file name at the end of their `uri`; their checksum must match.
pub fn verify(text: &str, file_name: &str, dist: &Path) -> Result<Verified> {
    let plugin = krew::parse(file_name, text)?;
    let mut verified = Verified {
        problems: krew::validate(&plugin, Some(file_name)),
        archives_checked: 0,
    };
    for (i, platform) in plugin.spec.platforms.iter().enumerate() {
        let file = platform.uri.rsplit('/').next().unwrap_or_default();
        let path = dist.join(file);
        if file.is_empty() || !path.is_file() {
            continue;
        }
        verified.archives_checked += 1;
        let sha256 = archive::sha256_file(&path)?;
        if sha256 != platform.sha256 {
            verified.problems.push(format!(
                "spec.platforms[{i}]: sha256 is not that of {}",
                path.display()
            ));
        }
        let helper = if platform.bin.ends_with(".exe") {
            format!("{HELPER_NAME}.exe")
        } else {
            HELPER_NAME.to_string()
        };
        let entries = archive::entries(&path)?;
        for problem in krew::check_archive(platform, &entries, &helper) {
            verified
                .problems
                .push(format!("spec.platforms[{i}] ({file}): {problem}"));
        }
    }
    Ok(verified)
}
