//! What a request path addresses, query strings, and the base64url of continue tokens.

/// A resource path: `/api/v1/namespaces/ns/pods/name/log`, `/apis/g/v/plural`, …
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResourcePath {
    pub group: String,
    pub version: String,
    pub namespace: Option<String>,
    pub plural: String,
    pub name: Option<String>,
    pub subresource: Option<String>,
}

/// What a request path addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Version,
    Health,
    /// `/api`
    CoreVersions,
    /// `/apis`
    Groups,
    /// `/apis/<g>`
    Group(String),
    /// `/api/v1` or `/apis/<g>/<v>`
    GroupVersion(String, String),
    Resource(ResourcePath),
    Unknown,
}

/// Parses a request path (without the query).
pub(crate) fn parse_target(path: &str) -> Target {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segs.as_slice() {
        ["version"] => Target::Version,
        ["healthz" | "readyz" | "livez", ..] => Target::Health,
        ["api"] => Target::CoreVersions,
        ["api", v] => Target::GroupVersion(String::new(), (*v).to_string()),
        ["api", v, rest @ ..] => resource("", v, rest),
        ["apis"] => Target::Groups,
        ["apis", g] => Target::Group((*g).to_string()),
        ["apis", g, v] => Target::GroupVersion((*g).to_string(), (*v).to_string()),
        ["apis", g, v, rest @ ..] => resource(g, v, rest),
        _ => Target::Unknown,
    }
}

fn resource(group: &str, version: &str, rest: &[&str]) -> Target {
    let owned = |s: &&str| (*s).to_string();
    let (namespace, tail) = match rest {
        // `/namespaces/<name>/status` is the namespace's own subresource.
        ["namespaces", ns, sub @ ("status" | "finalize")] if group.is_empty() => {
            return Target::Resource(ResourcePath {
                group: String::new(),
                version: version.to_string(),
                namespace: None,
                plural: "namespaces".into(),
                name: Some((*ns).to_string()),
                subresource: Some((*sub).to_string()),
            });
        }
        ["namespaces", ns, tail @ ..] if !tail.is_empty() => (Some((*ns).to_string()), tail),
        other => (None, other),
    };
    match tail {
        [plural, ..] if tail.len() <= 3 => Target::Resource(ResourcePath {
            group: group.to_string(),
            version: version.to_string(),
            namespace,
            plural: (*plural).to_string(),
            name: tail.get(1).map(owned),
            subresource: tail.get(2).map(owned),
        }),
        _ => Target::Unknown,
    }
}

/// Decodes `application/x-www-form-urlencoded` text (the query string).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'+') => out.push(b' '),
            Some(b'%') => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            Some(b) => out.push(*b),
            None => {}
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Query parameters with lookup helpers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Query(pub Vec<(String, String)>);

impl Query {
    /// The first value of a parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated parameter (`command=a&command=b`).
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A boolean parameter (`true`, `1`).
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some("true" | "1"))
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding, as Go's `RawURLEncoding` writes continue tokens.
pub(crate) fn b64url_encode(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            out.push(char::from(B64[idx]));
        }
    }
    out
}

/// Decodes base64url (padding and the standard alphabet are accepted too).
pub(crate) fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}
