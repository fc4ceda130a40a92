//! Reading objects from files written by `kubectl get -o yaml|json`.
//!
//! Accepted: a single object, a `kind: List` (or any `*List` with `items`), several YAML documents,
//! or several concatenated JSON values. Lists inside lists are flattened.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

/// Larger than any realistic dump, small enough that a mistaken file cannot exhaust memory.
const MAX_DUMP_BYTES: u64 = 512 * 1024 * 1024;

/// Reads every `-f` argument (`-` is stdin) and returns the objects in file order.
pub fn read_dump_files(paths: &[impl AsRef<Path>]) -> Result<Vec<Value>> {
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
                .map_err(|e| Error::could_not_run(format!("cannot read stdin: {e}")))?;
            ("stdin".to_string(), text)
        } else {
            let name = path.display().to_string();
            let file = std::fs::File::open(path)
                .map_err(|e| Error::could_not_run(format!("cannot read {name}: {e}")))?;
            let mut text = String::new();
            file.take(MAX_DUMP_BYTES)
                .read_to_string(&mut text)
                .map_err(|e| Error::could_not_run(format!("cannot read {name}: {e}")))?;
            (name, text)
        };
        objects.extend(parse_dump(&name, &text).map_err(|e| {
            e.hint("-f expects the output of `kubectl get ... -o yaml` or `-o json`")
        })?);
    }
    Ok(objects)
}

/// Parses one file's text; `origin` names it in errors.
pub fn parse_dump(origin: &str, text: &str) -> Result<Vec<Value>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let documents = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        parse_json_stream(origin, trimmed)?
    } else {
        parse_yaml_documents(origin, trimmed)?
    };
    let mut objects = Vec::new();
    for (index, doc) in documents.into_iter().enumerate() {
        flatten(origin, index, doc, &mut objects)?;
    }
    Ok(objects)
}

fn parse_json_stream(origin: &str, text: &str) -> Result<Vec<Value>> {
    let mut docs = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        docs.push(
            value.map_err(|e| Error::could_not_run(format!("{origin} is not valid JSON: {e}")))?,
        );
    }
    Ok(docs)
}

fn parse_yaml_documents(origin: &str, text: &str) -> Result<Vec<Value>> {
    // The default event budget rejects dumps of a few thousand objects; real dumps are larger.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 200_000_000;
    let options = serde_saphyr::options! { budget: Some(budget) };
    let docs: Vec<Value> = serde_saphyr::from_multiple_with_options(text, options)
        .map_err(|e| Error::could_not_run(format!("{origin} is not valid YAML: {e}")))?;
    Ok(docs)
}

fn flatten(origin: &str, index: usize, doc: Value, out: &mut Vec<Value>) -> Result<()> {
    match doc {
        Value::Null => Ok(()),
        Value::Array(items) => {
            for item in items {
                flatten(origin, index, item, out)?;
            }
            Ok(())
        }
        Value::Object(mut map) => {
            let kind = map
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if kind.ends_with("List") || (kind.is_empty() && map.contains_key("items")) {
                match map.remove("items") {
                    Some(Value::Array(items)) => {
                        for item in items {
                            flatten(origin, index, item, out)?;
                        }
                        Ok(())
                    }
                    Some(Value::Null) | None => Ok(()),
                    Some(_) => Err(Error::could_not_run(format!(
                        "{origin}: document {} is a {kind} whose `items` is not a list",
                        index + 1
                    ))),
                }
            } else if kind.is_empty() || !map.contains_key("apiVersion") {
                Err(Error::could_not_run(format!(
                    "{origin}: document {} is not a Kubernetes object (it needs apiVersion and kind)",
                    index + 1
                )))
            } else {
                out.push(Value::Object(map));
                Ok(())
            }
        }
        _ => Err(Error::could_not_run(format!(
            "{origin}: document {} is not a Kubernetes object",
            index + 1
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
            err.message.contains("x.yaml: document 1"),
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
