//! Command-line flags of a control-plane container, read the way the Go `pflag` package reads them.
//!
//! Accepted forms: `--name=value`, `--name value`, `-name=value`, and a bare `--name` for boolean
//! flags. List flags may be repeated; their occurrences are concatenated, as `pflag` does for
//! string slices. A single argument holding a whole shell command line (`sh -c "kube-apiserver
//! --a=b ..."`) is split on whitespace; an argument that starts with `-` is always one flag.

use std::collections::BTreeMap;

/// Flags that take no value when given bare, so that `--anonymous-auth --foo` does not read
/// `--foo` as a value.
const BOOLEAN_FLAGS: [&str; 8] = [
    "anonymous-auth",
    "allow-privileged",
    "profiling",
    "enable-aggregator-routing",
    "enable-bootstrap-token-auth",
    "enable-garbage-collector",
    "enable-priority-and-fairness",
    "service-account-lookup",
];

/// The parsed flags of one command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    entries: Vec<(String, Option<String>)>,
}

impl Flags {
    /// Parses a container's `command` followed by its `args`.
    pub fn parse(command: &[String]) -> Flags {
        let tokens: Vec<String> = command
            .iter()
            .flat_map(|token| {
                let shell_line = !token.starts_with('-')
                    && token.contains(char::is_whitespace)
                    && token.contains(" -");
                if shell_line {
                    token
                        .split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                } else {
                    vec![token.clone()]
                }
            })
            .collect();
        let mut entries = Vec::new();
        let mut index = 0;
        while let Some(token) = tokens.get(index) {
            index += 1;
            if token == "--" {
                break;
            }
            let Some(stripped) = token.strip_prefix("--").or_else(|| token.strip_prefix('-'))
            else {
                continue;
            };
            if stripped.is_empty() {
                continue;
            }
            match stripped.split_once('=') {
                Some((name, value)) => entries.push((name.to_string(), Some(value.to_string()))),
                None => {
                    let takes_value = !BOOLEAN_FLAGS.contains(&stripped);
                    let next = tokens.get(index).filter(|t| !t.starts_with('-'));
                    match next {
                        Some(value) if takes_value => {
                            entries.push((stripped.to_string(), Some(value.clone())));
                            index += 1;
                        }
                        _ => entries.push((stripped.to_string(), None)),
                    }
                }
            }
        }
        Flags { entries }
    }

    /// True when the flag occurs at all.
    pub fn is_set(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _)| n == name)
    }

    /// The value of the last occurrence (`""` for a bare flag).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref().unwrap_or_default())
    }

    /// A non-empty value of the last occurrence.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.value(name).filter(|v| !v.trim().is_empty())
    }

    /// All occurrences split on commas, trimmed, empty items dropped; `None` when not set.
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        if !self.is_set(name) {
            return None;
        }
        Some(
            self.entries
                .iter()
                .filter(|(n, _)| n == name)
                .filter_map(|(_, v)| v.as_deref())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    /// A boolean flag: bare means true; values follow Go's `strconv.ParseBool`. `Err` carries an
    /// unparsable value.
    pub fn boolean(&self, name: &str) -> Option<Result<bool, String>> {
        let (_, value) = self.entries.iter().rev().find(|(n, _)| n == name)?;
        Some(match value.as_deref() {
            None => Ok(true),
            Some(v) => parse_go_bool(v).ok_or_else(|| v.to_string()),
        })
    }

    /// A `key=value,key=value` flag such as `--feature-gates`, later keys winning.
    pub fn map(&self, name: &str) -> BTreeMap<String, String> {
        self.list(name)
            .unwrap_or_default()
            .iter()
            .filter_map(|item| item.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect()
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_go_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn equals_and_separate_values() {
        let f = Flags::parse(&args(&[
            "kube-apiserver",
            "--authorization-mode=Node,RBAC",
            "--etcd-servers",
            "https://127.0.0.1:2379",
            "--anonymous-auth",
            "--v=2",
        ]));
        assert_eq!(f.value("authorization-mode"), Some("Node,RBAC"));
        assert_eq!(f.value("etcd-servers"), Some("https://127.0.0.1:2379"));
        assert_eq!(f.boolean("anonymous-auth"), Some(Ok(true)));
        assert_eq!(f.value("v"), Some("2"));
        assert_eq!(f.value("missing"), None);
    }

    #[test]
    fn repeated_list_flags_are_concatenated_and_scalars_take_the_last() {
        let f = Flags::parse(&args(&[
            "--enable-admission-plugins=NodeRestriction",
            "--enable-admission-plugins=PodSecurity, EventRateLimit,",
            "--anonymous-auth=true",
            "--anonymous-auth=false",
        ]));
        assert_eq!(
            f.list("enable-admission-plugins"),
            Some(args(&["NodeRestriction", "PodSecurity", "EventRateLimit"]))
        );
        assert_eq!(f.boolean("anonymous-auth"), Some(Ok(false)));
    }

    #[test]
    fn shell_wrapped_command_lines_are_split() {
        let f = Flags::parse(&args(&[
            "/bin/sh",
            "-c",
            "exec kube-apiserver --client-ca-file=/ca.crt --profiling=false",
        ]));
        assert_eq!(f.value("client-ca-file"), Some("/ca.crt"));
        assert_eq!(f.boolean("profiling"), Some(Ok(false)));
    }

    #[test]
    fn odd_values() {
        let f = Flags::parse(&args(&[
            "--anonymous-auth=maybe",
            "--feature-gates=PodSecurity=false,A=true",
            "-",
            "--",
        ]));
        assert_eq!(f.boolean("anonymous-auth"), Some(Err("maybe".to_string())));
        assert_eq!(
            f.map("feature-gates")
                .get("PodSecurity")
                .map(String::as_str),
            Some("false")
        );
        assert_eq!(f.list("nothing"), None);
    }
}
