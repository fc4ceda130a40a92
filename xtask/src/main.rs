//! Release and maintenance tasks, run as `cargo xtask <task>` (an alias in .cargo/config.toml).
//!
//! A thin command line over `xtask::release` and the plugin's library; the tests drive the same
//! functions.
//!
//! - `cargo xtask dist`: build the release binary for the host (or `--target`), pack
//!   `dist/kubectl-scs_<tag>_<target>.tar.gz` with its `.sha256`, and render `dist/scs.yaml` for
//!   the archives of that tag in `dist/`, checked against krew's rules.
//! - `cargo xtask manifest --all-platforms --out krew/scs.yaml`: render the manifest from the
//!   checksum files of every platform's archive (collected in `dist/` by the release pipeline).
//! - `cargo xtask krew-files`: rewrite `.krew.yaml` and re-render `krew/scs.yaml` (same version
//!   and checksums) after the description, caveats or archive layout changed.
//! - `cargo xtask completions`: rewrite the completion scripts in `completions/` after the
//!   command line changed (what `kubectl scs completion <shell>` prints).
//! - `cargo xtask refresh-data`: download `check versions`' built-in data anew into
//!   `data/version-policy/` (as `check versions --refresh` does into the cache).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use kubectl_scs::commands::completion::{self, SHELLS};
use kubectl_scs::commands::version::platform::BUILD_TARGET;
use kubectl_scs::versions::refresh::Upstream;
use xtask::data;
use xtask::release::dist::{self, Verified};
use xtask::release::krew::{self, PlatformRelease};
use xtask::release::platform::RELEASE_TARGETS;
use xtask::release::{self, Platform, archive, archive_file_name};

/// The checksum in a manifest whose archives are not published yet: SHA-256 of nothing.
const UNPUBLISHED_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Release and maintenance tasks for kubectl-scs"
)]
struct Xtask {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build and pack the archive for one platform, and render dist/scs.yaml
    Dist {
        /// Version or tag (default: the version in Cargo.toml)
        #[arg(long)]
        version: Option<String>,
        /// Rust target triple (default: this machine's)
        #[arg(long)]
        target: Option<String>,
        /// Use this already-built binary instead of running `cargo build --release`
        #[arg(long)]
        binary: Option<PathBuf>,
        #[arg(long, default_value = "dist")]
        out_dir: PathBuf,
        /// Where the archives will be downloaded from (default: the project's GitHub release)
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Render the manifest from the checksum files in a dist directory
    Manifest {
        #[arg(long)]
        version: Option<String>,
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        #[arg(long)]
        base_url: Option<String>,
        /// Fail unless every release target's archive is there
        #[arg(long)]
        all_platforms: bool,
        /// Where to write the manifest (default: <dist>/scs.yaml)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rewrite .krew.yaml and re-render krew/scs.yaml with its version and checksums
    KrewFiles,
    /// Rewrite the completion scripts in completions/ from the command line's definition
    Completions,
    /// Download the built-in data of `check versions` anew into data/version-policy/
    RefreshData {
        /// Seconds one download may take
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
}

fn main() -> Result<()> {
    let root = workspace_root();
    match Xtask::parse().task {
        Task::Dist {
            version,
            target,
            binary,
            out_dir,
            base_url,
        } => {
            let tag = tag_of(version);
            let target = target.unwrap_or_else(|| BUILD_TARGET.to_string());
            let platform = Platform::from_target(&target)
                .ok_or_else(|| anyhow!("krew has no platform for the target {target}"))?;
            let binary = match binary {
                Some(path) => path,
                None => build_release(&root, &target, &platform)?,
            };
            let mtime = std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let built = archive::build(
                &release::ArchiveInput {
                    tag: &tag,
                    platform: &platform,
                    binary: &binary,
                    license: &root.join("LICENSE"),
                    readme: &root.join("README.md"),
                    mtime,
                },
                &out_dir,
            )?;
            archive::write_checksum(&built)?;
            println!("{}  {}", built.sha256, built.path.display());
            let base_url = base_url.unwrap_or_else(|| release::default_base_url(&tag));
            let manifest = out_dir.join("scs.yaml");
            write_manifest(&tag, &out_dir, &base_url, false, &manifest)?;
            println!(
                "try it: kubectl krew install --manifest={} --archive={}",
                manifest.display(),
                built.path.display()
            );
        }
        Task::Manifest {
            version,
            dist,
            base_url,
            all_platforms,
            out,
        } => {
            let tag = tag_of(version);
            let base_url = base_url.unwrap_or_else(|| release::default_base_url(&tag));
            let out = out.unwrap_or_else(|| dist.join("scs.yaml"));
            write_manifest(&tag, &dist, &base_url, all_platforms, &out)?;
        }
        Task::KrewFiles => {
            let template = root.join(".krew.yaml");
            std::fs::write(&template, krew::render_bot_template())
                .with_context(|| format!("cannot write {}", template.display()))?;
            println!("wrote {}", template.display());
            let manifest = root.join("krew/scs.yaml");
            let (tag, releases) = committed_releases(&manifest)?;
            std::fs::create_dir_all(root.join("krew"))?;
            std::fs::write(&manifest, krew::render_manifest(&tag, &releases))
                .with_context(|| format!("cannot write {}", manifest.display()))?;
            println!("wrote {} ({tag})", manifest.display());
        }
        Task::Completions => {
            let dir = root.join("completions");
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for shell in SHELLS {
                let path = dir.join(completion::script_file_name(shell));
                std::fs::write(&path, completion::script(shell))
                    .with_context(|| format!("cannot write {}", path.display()))?;
                println!("wrote {}", path.display());
            }
        }
        Task::RefreshData { timeout } => {
            let today = jiff::Zoned::now()
                .with_time_zone(jiff::tz::TimeZone::UTC)
                .date();
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the async runtime")?;
            let mut progress = |line: String| eprintln!("{line}");
            let records = runtime.block_on(data::refresh_data(
                &root,
                &Upstream::default(),
                today,
                std::time::Duration::from_secs(timeout),
                &mut progress,
            ))?;
            println!(
                "refreshed {} as of {today} with {} CVE records; update {}/SOURCE.md (date, sources, counts)",
                data::DATA_DIR,
                records.len(),
                data::DATA_DIR
            );
        }
    }
    Ok(())
}

/// The workspace root: the plugin's package, one level above this one.
fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

fn tag_of(version: Option<String>) -> String {
    release::tag(version.as_deref().unwrap_or(env!("CARGO_PKG_VERSION")))
}

fn build_release(root: &Path, target: &str, platform: &Platform) -> Result<PathBuf> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--release",
            "--locked",
            "--bin",
            "kubectl-scs",
            "--target",
            target,
        ])
        .current_dir(root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("cargo build --release --target {target} failed");
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target_dir
        .join(target)
        .join("release")
        .join(platform.bin_name()))
}

fn write_manifest(tag: &str, dist: &Path, base_url: &str, all: bool, out: &Path) -> Result<()> {
    let releases = dist::releases_in(dist, tag, base_url)?;
    if releases.is_empty() {
        bail!(
            "no archive of {tag} in {}: run `cargo xtask dist` first",
            dist.display()
        );
    }
    if all {
        let missing: Vec<&str> = RELEASE_TARGETS
            .iter()
            .filter(|t| !releases.iter().any(|r| r.platform.target == **t))
            .copied()
            .collect();
        if !missing.is_empty() {
            bail!(
                "archives missing in {} for: {}",
                dist.display(),
                missing.join(", ")
            );
        }
    }
    let text = krew::render_manifest(tag, &releases);
    let file_name = format!("{}.yaml", release::PLUGIN_NAME);
    let Verified {
        problems,
        archives_checked,
    } = dist::verify(&text, &file_name, dist)?;
    if !problems.is_empty() {
        bail!(
            "the manifest breaks krew's rules:\n  {}",
            problems.join("\n  ")
        );
    }
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(out, text)?;
    println!(
        "wrote {} ({} platforms, {archives_checked} archives checked)",
        out.display(),
        releases.len()
    );
    Ok(())
}

/// The version and per-platform checksums of the committed manifest; a manifest not yet
/// written gets the Cargo.toml version and the unpublished checksum.
fn committed_releases(manifest: &Path) -> Result<(String, Vec<PlatformRelease>)> {
    let (tag, known) = match std::fs::read_to_string(manifest) {
        Ok(text) => {
            let plugin = krew::parse(&manifest.display().to_string(), &text)?;
            let known: Vec<(String, String)> = plugin
                .spec
                .platforms
                .iter()
                .map(|p| (p.uri.clone(), p.sha256.clone()))
                .collect();
            (plugin.spec.version, known)
        }
        Err(_) => (tag_of(None), Vec::new()),
    };
    let base_url = release::default_base_url(&tag);
    let releases = RELEASE_TARGETS
        .iter()
        .filter_map(|target| Platform::from_target(target))
        .map(|platform| {
            let uri = format!("{base_url}/{}", archive_file_name(&tag, &platform.target));
            let sha256 = known
                .iter()
                .find(|(u, _)| *u == uri)
                .map(|(_, sha)| sha.clone())
                .unwrap_or_else(|| UNPUBLISHED_SHA256.to_string());
            PlatformRelease {
                platform,
                uri,
                sha256,
            }
        })
        .collect();
    Ok((tag, releases))
}
