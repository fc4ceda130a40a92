//! Label selectors (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`, `<`, `>`) and field selectors.

use serde_json::Value;

use super::object::{field_text, meta_str};

#[derive(Clone, Debug, PartialEq)]
enum LabelOp {
    Eq(String),
    NotEq(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    NotExists,
    Gt(i64),
    Lt(i64),
}

#[derive(Clone, Debug, PartialEq)]
struct LabelReq {
    key: String,
    op: LabelOp,
}

#[derive(Clone, Debug, PartialEq)]
struct FieldReq {
    path: String,
    value: String,
    equal: bool,
}

/// A parsed `labelSelector` plus `fieldSelector`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Selectors {
    labels: Vec<LabelReq>,
    fields: Vec<FieldReq>,
}

impl Selectors {
    /// Parses both selectors; the error is the apiserver's `BadRequest` message.
    pub fn parse(label: Option<&str>, field: Option<&str>) -> Result<Self, String> {
        let mut s = Selectors::default();
        if let Some(l) = label {
            for part in split_top_level(l) {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                s.labels.push(parse_label_req(part)?);
            }
        }
        if let Some(f) = field {
            for part in f.split(',') {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                s.fields.push(parse_field_req(part)?);
            }
        }
        Ok(s)
    }

    /// Whether any selector was given (real servers then leave out `remainingItemCount`).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.fields.is_empty()
    }

    /// The value of a `metadata.name=` field selector, if there is one.
    pub fn name_equals(&self) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.equal && f.path == "metadata.name")
            .map(|f| f.value.as_str())
    }

    /// Whether the object matches every requirement.
    pub fn matches(&self, obj: &Value) -> bool {
        self.labels.iter().all(|r| label_matches(r, obj))
            && self.fields.iter().all(|f| {
                let actual = if let Some(key) = f.path.strip_prefix("metadata.") {
                    meta_str(obj, key).to_string()
                } else {
                    field_text(obj, &f.path)
                };
                (actual == f.value) == f.equal
            })
    }
}

fn label_matches(r: &LabelReq, obj: &Value) -> bool {
    let value = obj
        .get("metadata")
        .and_then(|m| m.get("labels"))
        .and_then(|l| l.get(&r.key))
        .and_then(Value::as_str);
    match (&r.op, value) {
        (LabelOp::Eq(v), Some(actual)) => actual == v,
        (LabelOp::Eq(_), None) => false,
        (LabelOp::NotEq(v), Some(actual)) => actual != v,
        (LabelOp::NotEq(_), None) => true,
        (LabelOp::In(vs), Some(actual)) => vs.iter().any(|v| v == actual),
        (LabelOp::In(_), None) => false,
        (LabelOp::NotIn(vs), Some(actual)) => !vs.iter().any(|v| v == actual),
        (LabelOp::NotIn(_), None) => true,
        (LabelOp::Exists, v) => v.is_some(),
        (LabelOp::NotExists, v) => v.is_none(),
        (LabelOp::Gt(n), Some(actual)) => actual.parse::<i64>().is_ok_and(|a| a > *n),
        (LabelOp::Lt(n), Some(actual)) => actual.parse::<i64>().is_ok_and(|a| a < *n),
        (LabelOp::Gt(_) | LabelOp::Lt(_), None) => false,
    }
}

/// Splits at commas that are not inside `( … )`.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

fn parse_label_req(part: &str) -> Result<LabelReq, String> {
    let bad = |why: &str| format!("unable to parse requirement: {why}: {part:?}");
    if let Some(key) = part.strip_prefix('!') {
        let key = key.trim();
        if key.is_empty() || !key.chars().all(is_key_char) {
            return Err(bad("invalid label key"));
        }
        return Ok(LabelReq {
            key: key.to_string(),
            op: LabelOp::NotExists,
        });
    }
    let key_end = part.find(|c: char| !is_key_char(c)).unwrap_or(part.len());
    let key = &part[..key_end];
    if key.is_empty() {
        return Err(bad("found no label key"));
    }
    let rest = part[key_end..].trim_start();
    let op = if rest.is_empty() {
        LabelOp::Exists
    } else if let Some(v) = rest.strip_prefix("==") {
        LabelOp::Eq(value(v, &bad)?)
    } else if let Some(v) = rest.strip_prefix("!=") {
        LabelOp::NotEq(value(v, &bad)?)
    } else if let Some(v) = rest.strip_prefix('=') {
        LabelOp::Eq(value(v, &bad)?)
    } else if let Some(v) = rest.strip_prefix('>') {
        LabelOp::Gt(v.trim().parse().map_err(|_| bad("expected an integer"))?)
    } else if let Some(v) = rest.strip_prefix('<') {
        LabelOp::Lt(v.trim().parse().map_err(|_| bad("expected an integer"))?)
    } else if let Some(v) = rest.strip_prefix("notin") {
        LabelOp::NotIn(value_set(v, &bad)?)
    } else if let Some(v) = rest.strip_prefix("in") {
        LabelOp::In(value_set(v, &bad)?)
    } else {
        return Err(bad("unknown operator"));
    };
    Ok(LabelReq {
        key: key.to_string(),
        op,
    })
}

fn value(v: &str, bad: &dyn Fn(&str) -> String) -> Result<String, String> {
    let v = v.trim();
    if v.chars().all(|c| is_key_char(c) && c != '/') {
        Ok(v.to_string())
    } else {
        Err(bad("invalid label value"))
    }
}

fn value_set(v: &str, bad: &dyn Fn(&str) -> String) -> Result<Vec<String>, String> {
    let inner = v
        .trim()
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .ok_or_else(|| bad("expected a parenthesised set of values"))?;
    inner.split(',').map(|x| value(x, bad)).collect()
}

fn parse_field_req(part: &str) -> Result<FieldReq, String> {
    let (path, value, equal) = if let Some((p, v)) = part.split_once("!=") {
        (p, v, false)
    } else if let Some((p, v)) = part.split_once("==") {
        (p, v, true)
    } else if let Some((p, v)) = part.split_once('=') {
        (p, v, true)
    } else {
        return Err(format!(
            "invalid selector: '{part}'; can't understand '{part}'"
        ));
    };
    Ok(FieldReq {
        path: path.trim().to_string(),
        value: value.trim().to_string(),
        equal,
    })
}
