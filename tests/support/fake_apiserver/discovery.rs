//! Discovery: `/version`, legacy `/api`, `/apis`, `/apis/<g>`, `/apis/<g>/<v>`, and aggregated
//! discovery v2 (`as=APIGroupDiscoveryList`), which `kube::Discovery::run_aggregated` uses.

use serde_json::{Value, json};

use super::registry::Registry;
use super::resources::ResourceType;
use super::status::{FakeResponse, ordered_object};

/// `/version`, indented like the real one (`01-version.json`).
pub(crate) fn version(git_version: &str) -> FakeResponse {
    let numbers: Vec<&str> = git_version
        .trim_start_matches('v')
        .split(['.', '-', '+'])
        .collect();
    let major = numbers.first().copied().unwrap_or("1");
    let minor = numbers.get(1).copied().unwrap_or("0");
    let min_compat = minor
        .parse::<u32>()
        .map(|m| m.saturating_sub(1).to_string())
        .unwrap_or_else(|_| minor.to_string());
    let fields = [
        ("major", major.to_string()),
        ("minor", minor.to_string()),
        ("emulationMajor", major.to_string()),
        ("emulationMinor", minor.to_string()),
        ("minCompatibilityMajor", major.to_string()),
        ("minCompatibilityMinor", min_compat),
        ("gitVersion", git_version.to_string()),
        (
            "gitCommit",
            "98b35193b2ac7a23a673325f5e9b830ecd5ba406".to_string(),
        ),
        ("gitTreeState", "clean".to_string()),
        ("buildDate", "2026-11-21T12:53:24Z".to_string()),
        ("goVersion", "go1.27.3-X:nojsonv2".to_string()),
        ("compiler", "gc".to_string()),
        ("platform", "linux/amd64".to_string()),
    ];
    let lines: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("  {}: {}", json!(k), json!(v)))
        .collect();
    FakeResponse::raw_json(200, format!("{{\n{}\n}}", lines.join(",\n")))
}

/// `/api` (`02-api.json`).
pub(crate) fn core_versions(server_address: &str) -> FakeResponse {
    FakeResponse::raw_json(
        200,
        ordered_object(&[
            ("kind", json!("APIVersions")),
            ("versions", json!(["v1"])),
            (
                "serverAddressByClientCIDRs",
                json!([{ "clientCIDR": "0.0.0.0/0", "serverAddress": server_address }]),
            ),
        ]),
    )
}

fn gv(group: &str, version: &str) -> String {
    ordered_object(&[
        ("groupVersion", json!(format!("{group}/{version}"))),
        ("version", json!(version)),
    ])
}

fn group_json(group: &str, versions: &[String], with_kind: bool) -> String {
    let vs: Vec<String> = versions.iter().map(|v| gv(group, v)).collect();
    let preferred = versions.first().map(|v| gv(group, v)).unwrap_or_default();
    let head = if with_kind {
        "\"kind\":\"APIGroup\",\"apiVersion\":\"v1\","
    } else {
        ""
    };
    format!(
        "{{{head}\"name\":{},\"versions\":[{}],\"preferredVersion\":{preferred}}}",
        json!(group),
        vs.join(",")
    )
}

fn visible_groups(reg: &Registry, hidden: &[String]) -> Vec<(String, Vec<String>)> {
    reg.groups()
        .into_iter()
        .filter(|(g, _)| !hidden.contains(g))
        .collect()
}

/// `/apis` (`03-apis.json`).
pub(crate) fn groups(reg: &Registry, hidden: &[String]) -> FakeResponse {
    let groups: Vec<String> = visible_groups(reg, hidden)
        .iter()
        .map(|(g, vs)| group_json(g, vs, false))
        .collect();
    FakeResponse::raw_json(
        200,
        format!(
            "{{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{}]}}",
            groups.join(",")
        ),
    )
}

/// `/apis/<g>` (`07-apis-cluster-x-k8s-io.json`), or `None` when the group is not served.
pub(crate) fn group(reg: &Registry, hidden: &[String], name: &str) -> Option<FakeResponse> {
    let groups = visible_groups(reg, hidden);
    let (g, vs) = groups.iter().find(|(g, _)| g == name)?;
    Some(FakeResponse::raw_json(200, group_json(g, vs, true)))
}

fn resource_entry(t: &ResourceType) -> String {
    let mut pairs: Vec<(&str, Value)> = vec![
        ("name", json!(t.plural)),
        ("singularName", json!(t.singular)),
        ("namespaced", json!(t.namespaced)),
        ("kind", json!(t.kind)),
        ("verbs", json!(t.verbs)),
    ];
    if !t.short_names.is_empty() {
        pairs.push(("shortNames", json!(t.short_names)));
    }
    if !t.categories.is_empty() {
        pairs.push(("categories", json!(t.categories)));
    }
    let mut out = vec![ordered_object(&pairs)];
    for s in &t.subresources {
        let mut pairs: Vec<(&str, Value)> = vec![
            ("name", json!(format!("{}/{}", t.plural, s.name))),
            ("singularName", json!("")),
            ("namespaced", json!(t.namespaced)),
        ];
        if let Some((g, v)) = &s.other_gv {
            pairs.push(("group", json!(g)));
            pairs.push(("version", json!(v)));
        }
        pairs.push(("kind", json!(s.kind)));
        pairs.push(("verbs", json!(s.verbs)));
        out.push(ordered_object(&pairs));
    }
    out.join(",")
}

/// `/api/v1` or `/apis/<g>/<v>` (`06-…`, `08-…`), or `None` when not served.
pub(crate) fn resource_list(
    reg: &Registry,
    hidden: &[String],
    group: &str,
    version: &str,
) -> Option<FakeResponse> {
    if hidden.iter().any(|h| h == group) {
        return None;
    }
    let types = reg.in_group_version(group, version);
    if types.is_empty() {
        return None;
    }
    let entries: Vec<String> = types.iter().map(|t| resource_entry(t)).collect();
    let body = if group.is_empty() {
        format!(
            "{{\"kind\":\"APIResourceList\",\"groupVersion\":\"{version}\",\"resources\":[{}]}}",
            entries.join(",")
        )
    } else {
        format!(
            "{{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"{group}/{version}\",\"resources\":[{}]}}",
            entries.join(",")
        )
    };
    Some(FakeResponse::raw_json(200, body))
}

/// Whether an `Accept` header asks for aggregated discovery; the apidiscovery version if so.
pub(crate) fn wants_aggregated(accept: &str) -> Option<&'static str> {
    let mut best: Option<&'static str> = None;
    for part in accept.split(',') {
        if !part.contains("as=APIGroupDiscoveryList") {
            continue;
        }
        if part.contains("v=v2;") || part.trim_end().ends_with("v=v2") {
            return Some("v2");
        }
        if part.contains("v=v2beta1") {
            best = best.or(Some("v2beta1"));
        }
    }
    best
}

fn response_kind(
    t: &ResourceType,
    version: &str,
    kind: &str,
    other: Option<&(String, String)>,
) -> Value {
    match other {
        Some((g, v)) => json!({"group": g, "version": v, "kind": kind}),
        None if t.crd_like => json!({"group": t.group, "version": version, "kind": kind}),
        None => json!({"group": "", "version": "", "kind": kind}),
    }
}

fn resource_v2(t: &ResourceType, version: &str) -> String {
    let mut pairs: Vec<(&str, Value)> = vec![
        ("resource", json!(t.plural)),
        ("responseKind", response_kind(t, version, &t.kind, None)),
        (
            "scope",
            json!(if t.namespaced {
                "Namespaced"
            } else {
                "Cluster"
            }),
        ),
        ("singularResource", json!(t.singular)),
        ("verbs", json!(t.verbs)),
    ];
    if !t.short_names.is_empty() {
        pairs.push(("shortNames", json!(t.short_names)));
    }
    if !t.categories.is_empty() {
        pairs.push(("categories", json!(t.categories)));
    }
    let subs: Vec<String> = t
        .subresources
        .iter()
        .map(|s| {
            ordered_object(&[
                ("subresource", json!(s.name)),
                (
                    "responseKind",
                    response_kind(t, version, &s.kind, s.other_gv.as_ref()),
                ),
                ("verbs", json!(s.verbs)),
            ])
        })
        .collect();
    let mut text = ordered_object(&pairs);
    if !subs.is_empty() {
        text.pop();
        text.push_str(&format!(",\"subresources\":[{}]}}", subs.join(",")));
    }
    text
}

fn group_v2(reg: &Registry, group: &str, versions: &[String]) -> String {
    let vs: Vec<String> = versions
        .iter()
        .map(|v| {
            let res: Vec<String> = reg
                .in_group_version(group, v)
                .iter()
                .map(|t| resource_v2(t, v))
                .collect();
            format!(
                "{{\"version\":{},\"resources\":[{}],\"freshness\":\"Current\"}}",
                json!(v),
                res.join(",")
            )
        })
        .collect();
    let meta = if group.is_empty() {
        "{}".to_string()
    } else {
        format!("{{\"name\":{}}}", json!(group))
    };
    format!("{{\"metadata\":{meta},\"versions\":[{}]}}", vs.join(","))
}

/// Aggregated discovery of `/apis` (`04-…`) or of `/api` (`05-…`).
pub(crate) fn aggregated(reg: &Registry, hidden: &[String], core: bool, api: &str) -> FakeResponse {
    let items: Vec<String> = if core {
        vec![group_v2(reg, "", &["v1".to_string()])]
    } else {
        visible_groups(reg, hidden)
            .iter()
            .map(|(g, vs)| group_v2(reg, g, vs))
            .collect()
    };
    let body = format!(
        "{{\"kind\":\"APIGroupDiscoveryList\",\"apiVersion\":\"apidiscovery.k8s.io/{api}\",\"metadata\":{{}},\"items\":[{}]}}",
        items.join(",")
    );
    FakeResponse::raw_json(200, body).with_content_type(&format!(
        "application/json;g=apidiscovery.k8s.io;v={api};as=APIGroupDiscoveryList"
    ))
}
