//! Reading objects from files written by `kubectl get -o yaml|json`.
//!
//! Accepted: a single object, a `kind: List` (or any `*List` with `items`), several YAML documents,
//! or several concatenated JSON values. Lists inside lists are flattened.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result, ResultExt};

/// Larger than any realistic dump, small enough that a mistaken file cannot exhaust memory.
const MAX_DUMP_BYTES: u64 = 512 * 1024 * 1024;

/// Where in the `-f` files an object was read: file, YAML document or JSON value, and list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    /// 1-based.
    pub document: usize,
    /// 1-based positions in the (nested) lists holding the object; empty for a bare object.
    pub items: Vec<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, document {}", self.file, self.document)?;
        if !self.items.is_empty() {
            let items: Vec<String> = self.items.iter().map(usize::to_string).collect();
            write!(f, ", item {}", items.join("."))?;
        }
        Ok(())
    }
}

/// An object and where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub object: Value,
    pub origin: Origin,
}

/// Reads every `-f` argument (`-` is stdin) and returns the objects in file order.
pub fn read_dump_files(paths: &[impl AsRef<Path>]) -> Result<Vec<Value>> {
    Ok(read_located(paths)?
        .into_iter()
        .map(|located| located.object)
        .collect())
}

/// [`read_dump_files`], keeping where each object was read.
pub fn read_located(paths: &[impl AsRef<Path>]) -> Result<Vec<Located>> {
    let mut objects = Vec::new();
    let mut stdin_used = false;
    for path in paths {
        let path = path.as_ref();
        let (name, text) = if path.as_os_str() == "-" {
            if stdin_used {
                return Err(Error::usage("-f - (stdin) can be given only once"));
            }
            stdin_used = true;
            let mut text = String::new();
            std::io::stdin()
                .take(MAX_DUMP_BYTES)
                .read_to_string(&mut text)
                .could_not_run(|| "cannot read stdin")?;
            ("stdin".to_string(), text)
        } else {
            let name = path.display().to_string();
            let file = std::fs::File::open(path).could_not_run(|| format!("cannot read {name}"))?;
            let mut text = String::new();
            file.take(MAX_DUMP_BYTES)
                .read_to_string(&mut text)
                .could_not_run(|| format!("cannot read {name}"))?;
            (name, text)
        };
        objects.extend(parse_located(&name, &text).map_err(|e| {
            e.hint("-f expects the output of `kubectl get ... -o yaml` or `-o json`")
        })?);
    }
    Ok(objects)
}

/// Parses one file's text; `origin` names it in errors.
pub fn parse_dump(origin: &str, text: &str) -> Result<Vec<Value>> {
    Ok(parse_located(origin, text)?
        .into_iter()
        .map(|located| located.object)
        .collect())
}

/// [`parse_dump`], keeping where each object was read.
pub fn parse_located(origin: &str, text: &str) -> Result<Vec<Located>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let documents = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        parse_json_stream(origin, trimmed)?
    } else {
        parse_yaml_documents(origin, trimmed)?
    };
    let mut objects = Vec::new();
    for (index, doc) in documents.into_iter().enumerate() {
        let at = Origin {
            file: origin.to_string(),
            document: index + 1,
            items: Vec::new(),
        };
        flatten(&at, doc, &mut objects)?;
    }
    Ok(objects)
}

fn parse_json_stream(origin: &str, text: &str) -> Result<Vec<Value>> {
    let mut docs = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        docs.push(value.could_not_run(|| format!("{origin} is not valid JSON"))?);
    }
    Ok(docs)
}

fn parse_yaml_documents(origin: &str, text: &str) -> Result<Vec<Value>> {
    // The default event budget rejects dumps of a few thousand objects; real dumps are larger.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 200_000_000;
    let options = serde_saphyr::options! { budget: Some(budget) };
    let docs: Vec<Value> = serde_saphyr::from_multiple_with_options(text, options)
        .could_not_run(|| format!("{origin} is not valid YAML"))?;
    Ok(docs)
}

fn flatten(at: &Origin, doc: Value, out: &mut Vec<Located>) -> Result<()> {
    let items_of = |items: Vec<Value>, out: &mut Vec<Located>| {
        for (i, item) in items.into_iter().enumerate() {
            let mut inner = at.clone();
            inner.items.push(i + 1);
            flatten(&inner, item, out)?;
        }
        Ok(())
    };
    match doc {
        Value::Null => Ok(()),
        Value::Array(items) => items_of(items, out),
        Value::Object(mut map) => {
            let kind = map
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if kind.ends_with("List") || (kind.is_empty() && map.contains_key("items")) {
                match map.remove("items") {
                    Some(Value::Array(items)) => items_of(items, out),
                    Some(Value::Null) | None => Ok(()),
                    Some(_) => Err(Error::could_not_run(format!(
                        "{at}: a {kind} whose `items` is not a list"
                    ))),
                }
            } else if kind.is_empty() || !map.contains_key("apiVersion") {
                Err(Error::could_not_run(format!(
                    "{at}: not a Kubernetes object (it needs apiVersion and kind)"
                )))
            } else {
                out.push(Located {
                    object: Value::Object(map),
                    origin: at.clone(),
                });
                Ok(())
            }
        }
        _ => Err(Error::could_not_run(format!(
            "{at}: not a Kubernetes object"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_list_and_multi_document() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n";
        let objs = parse_dump("t", text).unwrap();
        let names: Vec<_> = objs
            .iter()
            .map(|o| o["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn json_list_and_concatenated_objects() {
        let text = r#"{"apiVersion":"v1","kind":"NamespaceList","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}]}
{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"b"}}"#;
        let objs = parse_dump("t", text).unwrap();
        assert_eq!(objs.len(), 2);
    }

    #[test]
    fn errors_name_the_file_and_document() {
        let err = parse_dump("dump.yaml", "apiVersion: v1\nkind: List\nitems: 3\n").unwrap_err();
        assert!(err.message.contains("dump.yaml"), "{}", err.message);
        let err = parse_dump("x.yaml", "---\nfoo: bar\n").unwrap_err();
        assert!(
            err.message
                .contains("x.yaml, document 1: not a Kubernetes object"),
            "{}",
            err.message
        );
        let err = parse_dump("x.json", "{\"a\": ").unwrap_err();
        assert!(
            err.message.contains("x.json is not valid JSON"),
            "{}",
            err.message
        );
    }

    #[test]
    fn empty_input_is_no_objects() {
        assert!(parse_dump("e", "").unwrap().is_empty());
        assert!(parse_dump("e", "---\n").unwrap().is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC*") {
            let _ = parse_dump("p", &s);
        }

        #[test]
        fn never_panics_on_yamlish_text(s in "[-a-z: \\[\\]{}\n\"'#&*!|>]{0,200}") {
            let _ = parse_dump("p", &s);
        }
    }
}
