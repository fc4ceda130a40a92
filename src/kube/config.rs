//! Turning kubectl-style flags into a kube client configuration.
//!
//! Resolution follows kubectl: `--kubeconfig` wins; otherwise every file listed in `KUBECONFIG` is
//! merged (first file to set a value wins); otherwise `~/.kube/config`; and when no kubeconfig
//! exists at all, the in-cluster service account is used.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};

use super::options::ClientOptions;
use crate::error::{Error, Result};

/// Where a client points, kept for error messages ("which URL, which context").
#[derive(Debug, Clone)]
pub struct Connection {
    pub url: String,
    pub context: Option<String>,
    /// The namespace commands use when neither `-n` nor `-A` is given.
    pub default_namespace: String,
}

/// The kubeconfig files kubectl would read, in merge order.
///
/// Empty entries are ignored, as kubectl ignores them.
pub fn kubeconfig_paths(
    flag: Option<&Path>,
    env: Option<&OsStr>,
    home: Option<&Path>,
) -> Vec<PathBuf> {
    if let Some(path) = flag {
        return vec![path.to_path_buf()];
    }
    if let Some(value) = env {
        let paths: Vec<PathBuf> = std::env::split_paths(value)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        if !paths.is_empty() {
            return paths;
        }
    }
    home.map(|h| vec![h.join(".kube").join("config")])
        .unwrap_or_default()
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// Reads and merges the kubeconfig files; `Ok(None)` when none exists (in-cluster fallback).
fn load_kubeconfig(paths: &[PathBuf], explicit: bool) -> Result<Option<Kubeconfig>> {
    let mut merged: Option<Kubeconfig> = None;
    for path in paths {
        // A missing file in KUBECONFIG is skipped as kubectl does; an explicit --kubeconfig must exist.
        if !path.exists() && !explicit {
            continue;
        }
        let config = Kubeconfig::read_from(path).map_err(|e| unreadable_kubeconfig(path, e))?;
        merged = Some(match merged {
            None => config,
            Some(m) => m
                .merge(config)
                .map_err(|e| unreadable_kubeconfig(path, e))?,
        });
    }
    Ok(merged)
}

fn unreadable_kubeconfig(path: &Path, err: KubeconfigError) -> Error {
    let detail = match &err {
        KubeconfigError::ReadConfig(io, _) => io.to_string(),
        other => other.to_string(),
    };
    Error::could_not_run(format!(
        "cannot read kubeconfig {}: {detail}",
        path.display()
    ))
    .hint("check the file, or point --kubeconfig / KUBECONFIG at a valid kubeconfig")
}

/// The kubeconfig files kubectl would read for these flags, given the process environment.
pub fn kubeconfig_paths_for(args: &ClientOptions) -> Vec<PathBuf> {
    let env = std::env::var_os("KUBECONFIG");
    let home = home_dir();
    kubeconfig_paths(args.kubeconfig.as_deref(), env.as_deref(), home.as_deref())
}

/// The merged kubeconfig the global flags select; `Ok(None)` when no file exists.
pub fn read_kubeconfig(args: &ClientOptions) -> Result<Option<Kubeconfig>> {
    load_kubeconfig(&kubeconfig_paths_for(args), args.kubeconfig.is_some())
}

/// Builds the client configuration for the global flags.
pub async fn client_config(args: &ClientOptions) -> Result<(kube::Config, Connection)> {
    let paths = kubeconfig_paths_for(args);
    let kubeconfig = load_kubeconfig(&paths, args.kubeconfig.is_some())?;

    let (mut config, context) = match kubeconfig {
        Some(kc) => {
            let options = KubeConfigOptions {
                context: args.context.clone(),
                cluster: args.cluster.clone(),
                user: args.user.clone(),
            };
            if let Some(user) = &args.user
                && !kc.auth_infos.iter().any(|u| &u.name == user)
            {
                return Err(Error::usage(format!(
                    "user {user:?} not found in kubeconfig ({})",
                    describe_paths(&paths)
                )));
            }
            let context = args.context.clone().or_else(|| kc.current_context.clone());
            let known_contexts: Vec<String> = kc.contexts.iter().map(|c| c.name.clone()).collect();
            let config = kube::Config::from_custom_kubeconfig(kc, &options)
                .await
                .map_err(|e| config_error(e, args, &paths, &known_contexts))?;
            (config, context)
        }
        None => {
            if args.context.is_some() {
                return Err(Error::usage(format!(
                    "context {:?} requested, but no kubeconfig was found (looked at {})",
                    args.context.as_deref().unwrap_or_default(),
                    describe_paths(&paths)
                )));
            }
            let config = kube::Config::incluster().map_err(|e| {
                Error::could_not_run(format!(
                    "no kubeconfig found (looked at {}) and not running in a cluster",
                    describe_paths(&paths)
                ))
                .with_source(e)
                .hint("pass --kubeconfig PATH, set KUBECONFIG, or use -f FILE to read a dump instead of a cluster")
            })?;
            (config, None)
        }
    };

    if let Some(timeout) = args.request_timeout {
        config.read_timeout = Some(timeout);
        config.connect_timeout = Some(timeout);
        config.write_timeout = Some(timeout);
    }
    let target = Connection {
        url: config
            .cluster_url
            .to_string()
            .trim_end_matches('/')
            .to_string(),
        context,
        default_namespace: config.default_namespace.clone(),
    };
    Ok((config, target))
}

fn describe_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "no path: neither KUBECONFIG nor HOME is set".into();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn config_error(
    err: KubeconfigError,
    args: &ClientOptions,
    paths: &[PathBuf],
    known_contexts: &[String],
) -> Error {
    match err {
        KubeconfigError::LoadContext(name) => {
            let mut e = Error::usage(format!(
                "context {name:?} not found in kubeconfig ({})",
                describe_paths(paths)
            ));
            if !known_contexts.is_empty() {
                e = e.hint(format!("known contexts: {}", known_contexts.join(", ")));
            }
            e
        }
        KubeconfigError::CurrentContextNotSet => Error::usage(format!(
            "the kubeconfig ({}) sets no current-context",
            describe_paths(paths)
        ))
        .hint("pass --context NAME or run `kubectl config use-context NAME`"),
        KubeconfigError::LoadClusterOfContext(name) => Error::usage(format!(
            "cluster {name:?} not found in kubeconfig ({})",
            describe_paths(paths)
        )),
        other => Error::could_not_run(format!(
            "cannot use kubeconfig ({}){}",
            describe_paths(paths),
            args.context
                .as_deref()
                .map(|c| format!(" context {c:?}"))
                .unwrap_or_default()
        ))
        .with_source(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn flag_wins_over_env() {
        let env = OsString::from("/a:/b");
        let got = kubeconfig_paths(
            Some(Path::new("/x")),
            Some(env.as_os_str()),
            Some(Path::new("/home/u")),
        );
        assert_eq!(got, vec![PathBuf::from("/x")]);
    }

    #[test]
    fn env_lists_are_split_and_empty_entries_dropped() {
        let env = OsString::from("/a::/b:");
        let got = kubeconfig_paths(None, Some(env.as_os_str()), Some(Path::new("/h")));
        assert_eq!(got, vec![PathBuf::from("/a"), PathBuf::from("/b")]);
    }

    #[test]
    fn home_default() {
        let got = kubeconfig_paths(None, None, Some(Path::new("/h")));
        assert_eq!(got, vec![PathBuf::from("/h/.kube/config")]);
        let empty = OsString::new();
        let got = kubeconfig_paths(None, Some(empty.as_os_str()), Some(Path::new("/h")));
        assert_eq!(got, vec![PathBuf::from("/h/.kube/config")]);
    }

    proptest::proptest! {
        #[test]
        fn path_lists_never_panic_and_hold_no_empty_entry(s in ".*") {
            let env = OsString::from(s);
            let got = kubeconfig_paths(None, Some(env.as_os_str()), None);
            proptest::prop_assert!(got.iter().all(|p| !p.as_os_str().is_empty()));
        }
    }
}
