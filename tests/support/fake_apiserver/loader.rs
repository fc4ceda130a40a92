//! Reads objects from YAML or JSON text: one object, a `kind: List`, or several YAML documents.

use std::path::Path;

use serde_json::Value;

use super::FakeError;

/// Parses text into objects; `origin` names the source in errors.
pub(crate) fn parse_objects(text: &str, origin: &str) -> Result<Vec<Value>, FakeError> {
    let trimmed = text.trim_start();
    let docs: Vec<Value> = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => items,
            Ok(v) => vec![v],
            Err(e) => {
                return Err(FakeError::Parse {
                    origin: origin.to_string(),
                    message: e.to_string(),
                });
            }
        }
    } else {
        let options = serde_saphyr::options! { budget: None };
        serde_saphyr::from_multiple_with_options::<Value>(text, options).map_err(|e| {
            FakeError::Parse {
                origin: origin.to_string(),
                message: e.to_string(),
            }
        })?
    };
    let mut out = Vec::new();
    for doc in docs {
        flatten(doc, &mut out);
    }
    Ok(out)
}

fn flatten(doc: Value, out: &mut Vec<Value>) {
    match doc {
        Value::Null => {}
        Value::Object(ref m)
            if m.get("kind")
                .and_then(Value::as_str)
                .is_some_and(|k| k.ends_with("List"))
                && m.get("items").is_some_and(Value::is_array) =>
        {
            if let Some(Value::Array(items)) = m.get("items") {
                for item in items.clone() {
                    flatten(item, out);
                }
            }
        }
        other => out.push(other),
    }
}

/// Reads a file of objects.
pub(crate) fn read_objects(path: &Path) -> Result<Vec<Value>, FakeError> {
    let text = std::fs::read_to_string(path).map_err(|source| FakeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_objects(&text, &path.display().to_string())
}

/// The `*.yaml`, `*.yml` and `*.json` files of a directory (not recursive), sorted by name.
pub(crate) fn files_in(dir: &Path) -> Result<Vec<std::path::PathBuf>, FakeError> {
    let entries = std::fs::read_dir(dir).map_err(|source| FakeError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        })
        .collect();
    files.sort();
    Ok(files)
}
