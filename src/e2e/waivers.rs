//! Waivers: failures that may be ignored, in the SCS `okToFail` file format.
//!
//! ```yaml
//! okToFail:
//! - regex: should.allow.egress.access.to.server.in.CIDR.block
//!   reason: https://github.com/cilium/cilium/issues/9209
//! ```
//!
//! Validation mirrors SCS's `_load_ok_to_fail_regex_list`: the only top-level key is
//! `okToFail` (an empty file means no waivers), it is a list, and every entry is a
//! mapping with exactly a non-empty string `regex` and a non-empty string `reason`.
//! A failed test is waived when a regex matches anywhere in its name (Python's
//! `re.search`, case-sensitive).
//!
//! The regexes are written for Python's `re`; they are compiled with Rust's `regex`
//! crate after translating `\Z` to `\z`. Patterns that need look-around or
//! backreferences (which Rust's engine does not have) are rejected with an error naming
//! the entry. Remaining difference: Python's `$` also matches before a final newline;
//! test names contain no newlines, so this never changes a match.

use std::fmt;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::Value;

/// The SCS list built in as the default (`Tests/kaas/scs-sonobuoy-config-v1.yaml`).
pub const BUILTIN_WAIVERS_YAML: &str = include_str!("default_waivers.yaml");

/// Where the built-in list comes from, as shown in reports.
pub const BUILTIN_ORIGIN: &str = "built-in SCS okToFail list (scs-sonobuoy-config-v1.yaml)";

/// One `okToFail` entry.
#[derive(Debug, Clone)]
pub struct Waiver {
    /// Position in the `okToFail` list, from 0.
    pub index: usize,
    /// The regex as written in the file.
    pub regex: String,
    /// Why failures matching it are acceptable.
    pub reason: String,
    compiled: Regex,
}

impl Waiver {
    /// True when the regex matches anywhere in `name`.
    pub fn matches(&self, name: &str) -> bool {
        self.compiled.is_match(name)
    }
}

/// An ordered list of waivers and where it came from.
#[derive(Debug, Clone)]
pub struct Waivers {
    origin: String,
    entries: Vec<Waiver>,
}

/// Why a waiver file was refused. Every message names the file, and the entry where
/// there is one.
#[derive(Debug, thiserror::Error)]
pub enum WaiverError {
    /// The file could not be read.
    #[error("cannot read waiver file `{}`: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// Not YAML.
    #[error("waiver file `{origin}` is not valid YAML: {message}")]
    Yaml {
        /// The file.
        origin: String,
        /// The parser's message.
        message: String,
    },
    /// The document is not a mapping.
    #[error("waiver file `{origin}`: the top level must be a mapping with the key `okToFail`")]
    NotMapping {
        /// The file.
        origin: String,
    },
    /// Keys other than `okToFail` at the top level.
    #[error("waiver file `{origin}`: unknown top-level keys {keys:?}; only `okToFail` is allowed")]
    UnknownTopLevelKeys {
        /// The file.
        origin: String,
        /// The unknown keys, sorted.
        keys: Vec<String>,
    },
    /// `okToFail` is not a list.
    #[error("waiver file `{origin}`: `okToFail` must be a list of {{regex, reason}} entries")]
    NotList {
        /// The file.
        origin: String,
    },
    /// An entry that is not a mapping.
    #[error(
        "waiver file `{origin}`: okToFail[{index}] must be a mapping with `regex` and `reason`"
    )]
    EntryNotMapping {
        /// The file.
        origin: String,
        /// The entry's position, from 0.
        index: usize,
    },
    /// An entry with keys other than `regex` and `reason`.
    #[error("waiver file `{origin}`: okToFail[{index}]{} has unknown keys {keys:?}; only `regex` and `reason` are allowed", for_regex(.regex))]
    EntryUnknownKeys {
        /// The file.
        origin: String,
        /// The entry's position, from 0.
        index: usize,
        /// The entry's regex, when it has one.
        regex: Option<String>,
        /// The unknown keys, sorted.
        keys: Vec<String>,
    },
    /// `regex` missing, empty or not a string.
    #[error("waiver file `{origin}`: okToFail[{index}].regex must be a non-empty string")]
    MissingRegex {
        /// The file.
        origin: String,
        /// The entry's position, from 0.
        index: usize,
    },
    /// `reason` missing, empty or not a string.
    #[error(
        "waiver file `{origin}`: okToFail[{index}] (regex `{regex}`): `reason` must be a non-empty string"
    )]
    MissingReason {
        /// The file.
        origin: String,
        /// The entry's position, from 0.
        index: usize,
        /// The entry's regex.
        regex: String,
    },
    /// A regex that does not compile.
    #[error("waiver file `{origin}`: okToFail[{index}] has an invalid regex `{regex}`: {message}")]
    InvalidRegex {
        /// The file.
        origin: String,
        /// The entry's position, from 0.
        index: usize,
        /// The regex as written.
        regex: String,
        /// What is wrong with it.
        message: String,
    },
}

fn for_regex(regex: &Option<String>) -> String {
    regex
        .as_deref()
        .map(|r| format!(" (regex `{r}`)"))
        .unwrap_or_default()
}

/// Largest compiled program accepted for one waiver regex.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl Waivers {
    /// The current SCS list (see [`BUILTIN_WAIVERS_YAML`]).
    pub fn builtin() -> Self {
        // The embedded list is checked by the test suite; should it ever fail to parse,
        // judging without waivers is the strict, safe fallback.
        Self::parse(BUILTIN_ORIGIN, BUILTIN_WAIVERS_YAML).unwrap_or_else(|_| Self::none())
    }

    /// No waivers: every failure counts.
    pub fn none() -> Self {
        Self {
            origin: "none".to_string(),
            entries: Vec::new(),
        }
    }

    /// Reads an `okToFail` file's text; `origin` names it in errors and reports.
    pub fn parse(origin: &str, text: &str) -> Result<Self, WaiverError> {
        let origin_owned = || origin.to_string();
        let doc: Option<Value> = serde_saphyr::from_str(text).map_err(|e| WaiverError::Yaml {
            origin: origin_owned(),
            message: e.to_string().lines().next().unwrap_or_default().to_string(),
        })?;
        let mut waivers = Self {
            origin: origin_owned(),
            entries: Vec::new(),
        };
        let top = match doc {
            None | Some(Value::Null) => return Ok(waivers),
            Some(Value::Object(map)) => map,
            Some(_) => {
                return Err(WaiverError::NotMapping {
                    origin: origin_owned(),
                });
            }
        };
        let mut unknown: Vec<String> = top.keys().filter(|k| *k != "okToFail").cloned().collect();
        if !unknown.is_empty() {
            unknown.sort();
            return Err(WaiverError::UnknownTopLevelKeys {
                origin: origin_owned(),
                keys: unknown,
            });
        }
        let items = match top.get("okToFail") {
            None => return Ok(waivers),
            Some(Value::Array(items)) => items,
            Some(_) => {
                return Err(WaiverError::NotList {
                    origin: origin_owned(),
                });
            }
        };
        for (index, item) in items.iter().enumerate() {
            waivers.entries.push(entry(origin, index, item)?);
        }
        Ok(waivers)
    }

    /// Reads an `okToFail` file.
    pub fn load(path: &Path) -> Result<Self, WaiverError> {
        let text = std::fs::read_to_string(path).map_err(|source| WaiverError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&path.display().to_string(), &text)
    }

    /// The first waiver whose regex matches anywhere in `name`.
    pub fn matching(&self, name: &str) -> Option<&Waiver> {
        self.entries.iter().find(|w| w.matches(name))
    }

    /// Where the list came from: a file path, [`BUILTIN_ORIGIN`] or `none`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The entries in file order.
    pub fn entries(&self) -> &[Waiver] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no failure can be waived.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Display for Waivers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} entries)", self.origin, self.entries.len())
    }
}

fn non_empty_string(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

fn entry(origin: &str, index: usize, item: &Value) -> Result<Waiver, WaiverError> {
    let Value::Object(map) = item else {
        return Err(WaiverError::EntryNotMapping {
            origin: origin.to_string(),
            index,
        });
    };
    let regex = non_empty_string(map.get("regex"));
    let mut unknown: Vec<String> = map
        .keys()
        .filter(|k| *k != "regex" && *k != "reason")
        .cloned()
        .collect();
    if !unknown.is_empty() {
        unknown.sort();
        return Err(WaiverError::EntryUnknownKeys {
            origin: origin.to_string(),
            index,
            regex: regex.map(str::to_string),
            keys: unknown,
        });
    }
    let Some(regex) = regex else {
        return Err(WaiverError::MissingRegex {
            origin: origin.to_string(),
            index,
        });
    };
    let Some(reason) = non_empty_string(map.get("reason")) else {
        return Err(WaiverError::MissingReason {
            origin: origin.to_string(),
            index,
            regex: regex.to_string(),
        });
    };
    let compiled = regex::RegexBuilder::new(&python_to_rust(regex))
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| WaiverError::InvalidRegex {
            origin: origin.to_string(),
            index,
            regex: regex.to_string(),
            message: regex_message(&e),
        })?;
    Ok(Waiver {
        index,
        regex: regex.to_string(),
        reason: reason.to_string(),
        compiled,
    })
}

fn regex_message(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid regex")
        .trim()
        .trim_start_matches("error: ")
        .to_string();
    if text.contains("look-around") || text.contains("backreferences") {
        format!("{last} (Python's `re` has this, Rust's regex engine does not)")
    } else {
        last
    }
}

/// Translates the Python-only escapes that have a Rust equivalent: `\Z` (end of text)
/// becomes `\z`. Escaped backslashes are skipped so `\\Z` stays a backslash and a `Z`.
fn python_to_rust(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Z') => out.push_str("\\z"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_end_anchor_is_translated() {
        assert_eq!(python_to_rust(r"block\Z"), r"block\z");
        assert_eq!(python_to_rust(r"a\\Z"), r"a\\Z");
        assert_eq!(python_to_rust(r"trailing\"), r"trailing\");
    }
}
