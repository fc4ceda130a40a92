//! The ClusterClass variables through which cluster stacks request an API-server restriction.
//!
//! Three names are in use: `apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs` (scs2 on main),
//! `apiServerAllowedCIDRs` (its successor in cluster-stacks PR #255) and `restrict_kubeapi` (KaaS v1
//! and cluster-stacks PR #110, where `["none"]` meant "internal access only"). The load-balancer
//! type is `apiServerLoadBalancer` (scs2) or `apiserver_loadbalancer` (scs).

use serde_json::Value;

use crate::k8s::json;
use crate::kubeapi::cluster::ClusterView;

/// Variables that carry allowed CIDRs, most specific first.
pub const CIDR_VARIABLES: [&str; 3] = [
    "apiServerAllowedCIDRs",
    "apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs",
    "restrict_kubeapi",
];

/// Variables that choose the API load-balancer type.
pub const LOAD_BALANCER_VARIABLES: [&str; 2] = ["apiServerLoadBalancer", "apiserver_loadbalancer"];

/// The scs2 default of `apiServerLoadBalancer` when the Cluster does not set it.
pub const SCS2_DEFAULT_LOAD_BALANCER: &str = "octavia-ovn";

/// The load-balancer type the scs2 patch requires before it copies allowed CIDRs.
pub const AMPHORA: &str = "octavia-amphora";

/// One variable that requests allowed CIDRs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CidrVariable {
    /// Variable name.
    pub name: String,
    /// The string entries, as written.
    pub entries: Vec<String>,
}

/// The allowed CIDRs a Cluster requests through its topology variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requested {
    /// Variables that are set and non-empty, in [`CIDR_VARIABLES`] order.
    pub sources: Vec<CidrVariable>,
    /// Notes about the values: non-string items, scalars instead of lists, `none`.
    pub warnings: Vec<String>,
    /// The fields consulted, for `fieldsRead`.
    pub fields_read: Vec<String>,
}

impl Requested {
    /// All entries of all sources, in order, duplicates kept.
    pub fn entries(&self) -> Vec<String> {
        self.sources
            .iter()
            .flat_map(|s| s.entries.iter().cloned())
            .collect()
    }

    /// True when no variable requests anything.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The variable names that request CIDRs, for `requestedFrom`.
    pub fn source_names(&self) -> Vec<String> {
        self.sources
            .iter()
            .map(|s| format!("variable {}", s.name))
            .collect()
    }
}

/// Reads the allowed-CIDR variables of a Cluster.
pub fn requested_cidrs(cluster: &ClusterView) -> Requested {
    let mut requested = Requested::default();
    for name in CIDR_VARIABLES {
        let Some(value) = cluster.variable(name) else {
            continue;
        };
        requested
            .fields_read
            .push(cluster.field(&format!("spec.topology.variables[{name}]")));
        let Some(list) = json::string_list(Some(value)) else {
            if !value.is_null() {
                requested.warnings.push(format!(
                    "variable {name} is {value}, not a list of CIDR strings; it was ignored"
                ));
            }
            continue;
        };
        if list.was_scalar {
            requested.warnings.push(format!(
                "variable {name} is a single string; the ClusterClass expects a list of CIDRs"
            ));
        }
        for item in &list.non_strings {
            requested.warnings.push(format!(
                "variable {name} contains {item}, which is not a string; it cannot be a CIDR"
            ));
        }
        if list.items.iter().any(|e| e.eq_ignore_ascii_case("none")) {
            requested.warnings.push(none_warning(name));
        }
        if !list.items.is_empty() {
            requested.sources.push(CidrVariable {
                name: name.to_string(),
                entries: list.items,
            });
        }
    }
    if requested.sources.len() > 1 {
        let names: Vec<&str> = requested.sources.iter().map(|s| s.name.as_str()).collect();
        requested.warnings.push(format!(
            "several allowed-CIDR variables are set ({}); a ClusterClass applies only the one it defines a patch for",
            names.join(", ")
        ));
    }
    if requested.fields_read.is_empty() {
        requested.fields_read.push(cluster.field(&format!(
            "spec.topology.variables (none of {} set)",
            CIDR_VARIABLES.join(", ")
        )));
    }
    requested
}

/// The warning for a `none` entry.
pub fn none_warning(source: &str) -> String {
    format!(
        "{source} contains `none`, which is not a CIDR: CAPO drops it (FailedIPAddressValidation event). KaaS v1 read \
         [\"none\"] as \"internal access only\"; with CAPO a list holding only `none` comes close, because CAPO still \
         admits the node subnets, router and bastion IPs it adds to any non-empty list"
    )
}

/// The load-balancer type variable, as `(variable name, value)`, if the Cluster sets one.
pub fn load_balancer_type(cluster: &ClusterView) -> Option<(String, String)> {
    LOAD_BALANCER_VARIABLES.iter().find_map(|name| {
        cluster
            .variable(name)
            .and_then(Value::as_str)
            .map(|v| ((*name).to_string(), v.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn view(vars: Value) -> Option<ClusterView> {
        let c = json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster",
            "metadata": {"name": "c", "namespace": "ns"},
            "spec": {"topology": {"variables": vars}}});
        ClusterView::from_value(&c, 0).ok()
    }

    #[test]
    fn reads_all_three_names_and_warns_about_none() {
        let v = view(json!([
            {"name": "restrict_kubeapi", "value": ["none"]},
            {"name": "apiServerAllowedCIDRs", "value": ["192.0.2.0/24"]}
        ]));
        let r = v.as_ref().map(requested_cidrs).unwrap_or_default();
        assert_eq!(
            r.entries(),
            vec!["192.0.2.0/24".to_string(), "none".to_string()]
        );
        assert_eq!(
            r.source_names(),
            vec![
                "variable apiServerAllowedCIDRs".to_string(),
                "variable restrict_kubeapi".to_string()
            ]
        );
        assert!(r.warnings.iter().any(|w| w.contains("`none`")));
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("several allowed-CIDR variables"))
        );
    }

    #[test]
    fn tolerates_odd_values() {
        let v = view(json!([
            {"name": "apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs", "value": "10.0.0.0/8"},
            {"name": "restrict_kubeapi", "value": [1, "192.0.2.1"]},
            {"name": "apiServerAllowedCIDRs", "value": {"a": 1}}
        ]));
        let r = v.as_ref().map(requested_cidrs).unwrap_or_default();
        assert_eq!(
            r.entries(),
            vec!["10.0.0.0/8".to_string(), "192.0.2.1".to_string()]
        );
        assert_eq!(r.warnings.len(), 4, "{:?}", r.warnings);
    }

    #[test]
    fn empty_lists_request_nothing() {
        let v = view(json!([{"name": "restrict_kubeapi", "value": []}]));
        let r = v.as_ref().map(requested_cidrs).unwrap_or_default();
        assert!(r.is_empty());
        assert_eq!(r.fields_read.len(), 1);
    }

    #[test]
    fn load_balancer_variable_under_both_names() {
        let a = view(json!([{"name": "apiserver_loadbalancer", "value": "octavia-amphora"}]));
        assert_eq!(
            a.as_ref().and_then(load_balancer_type),
            Some((
                "apiserver_loadbalancer".to_string(),
                "octavia-amphora".to_string()
            ))
        );
        let b = view(json!([]));
        assert_eq!(b.as_ref().and_then(load_balancer_type), None);
    }
}
