//! Reads the API-access fields of an `OpenStackCluster` in both CAPO API shapes.
//!
//! * v1beta1 (CAPO v0.10 to v0.14): `spec.apiServerLoadBalancer.{enabled,provider,allowedCIDRs}`,
//!   `spec.disableAPIServerFloatingIP`, `spec.disableExternalNetwork`,
//!   `status.apiServerLoadBalancer.{ip,allowedCIDRs}`.
//! * v1beta2 (CAPO after v0.14): `spec.apiServer.managedLoadBalancer.{...}`,
//!   `spec.apiServer.enableFloatingIP`, `spec.enableExternalNetwork`,
//!   `status.apiServerManagedLoadBalancer.{...}`.
//!
//! Both: `status.network.subnets[].cidr`, `status.router.ips`, `status.bastion.{floatingIP,ip}`.

use serde_json::Value;

use crate::k8s::json;

/// Which field names an OpenStackCluster uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapoShape {
    /// `infrastructure.cluster.x-k8s.io/v1beta1`.
    V1beta1,
    /// `infrastructure.cluster.x-k8s.io/v1beta2`.
    V1beta2,
}

impl CapoShape {
    /// Chooses the shape from `apiVersion`, falling back to the fields present.
    pub fn detect(infra: &Value) -> CapoShape {
        let version = json::str_at(infra, &["apiVersion"]).unwrap_or_default();
        if version.ends_with("/v1beta2")
            || json::at(infra, &["spec", "apiServer"]).is_some()
            || json::at(infra, &["status", "apiServerManagedLoadBalancer"]).is_some()
        {
            CapoShape::V1beta2
        } else {
            CapoShape::V1beta1
        }
    }

    fn spec_lb(self) -> &'static [&'static str] {
        match self {
            CapoShape::V1beta1 => &["spec", "apiServerLoadBalancer"],
            CapoShape::V1beta2 => &["spec", "apiServer", "managedLoadBalancer"],
        }
    }

    fn status_lb(self) -> &'static [&'static str] {
        match self {
            CapoShape::V1beta1 => &["status", "apiServerLoadBalancer"],
            CapoShape::V1beta2 => &["status", "apiServerManagedLoadBalancer"],
        }
    }
}

/// What an OpenStackCluster says about access to the API server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapoView {
    /// `namespace/name`.
    pub key: String,
    /// The field names in use.
    pub shape: CapoShape,
    /// The spec load-balancer object is present.
    pub lb_present: bool,
    /// The spec load-balancer object is present and not `enabled: false`.
    pub lb_enabled: bool,
    /// The Octavia provider asked for (`amphora`, `ovn`); `None` = the cloud's default.
    pub provider: Option<String>,
    /// The spec's allowed CIDRs, as written; empty when absent.
    pub spec_cidrs: Vec<String>,
    /// The status load-balancer object is present.
    pub status_lb_present: bool,
    /// The status's allowed CIDRs; `None` when absent (provider without ACL support, or not
    /// reconciled).
    pub status_cidrs: Option<Vec<String>>,
    /// The VIP address CAPO recorded for the load balancer.
    pub lb_ip: Option<String>,
    /// No floating IP is attached to the API (floating IP or external network disabled).
    pub floating_ip_disabled: bool,
    /// `spec.controlPlaneEndpoint.host`.
    pub endpoint_host: Option<String>,
    /// `spec.controlPlaneEndpoint` as `host:port`.
    pub endpoint: Option<String>,
    /// `status.network.subnets[].cidr`.
    pub node_subnets: Vec<String>,
    /// `status.router.ips`.
    pub router_ips: Vec<String>,
    /// `status.bastion.floatingIP` and `status.bastion.ip`.
    pub bastion_ips: Vec<String>,
    /// Fields consulted, with `(absent)` for those not set.
    pub fields_read: Vec<String>,
    /// Oddities in the fields read (non-string list items).
    pub warnings: Vec<String>,
}

impl CapoView {
    /// Reads an OpenStackCluster object.
    pub fn read(infra: &Value) -> CapoView {
        let shape = CapoShape::detect(infra);
        let key = json::object_key(infra).unwrap_or_else(|| "(unnamed)".to_string());
        let mut reader = Reader {
            infra,
            label: format!("OpenStackCluster {key}"),
            fields: Vec::new(),
            warnings: Vec::new(),
        };

        let spec_lb = shape.spec_lb();
        let lb = reader.get(spec_lb);
        let lb_present = lb.is_some_and(Value::is_object);
        let lb_enabled = match lb {
            // CAPO treats a missing `enabled` as true once the object is given.
            Some(obj) if obj.is_object() => {
                reader
                    .get(&join(spec_lb, "enabled"))
                    .and_then(Value::as_bool)
                    != Some(false)
            }
            _ => false,
        };
        let provider = reader
            .get(&join(spec_lb, "provider"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let spec_cidrs = reader
            .strings(&join(spec_lb, "allowedCIDRs"))
            .unwrap_or_default();

        let status_lb = shape.status_lb();
        let status_lb_present = reader.get(status_lb).is_some_and(Value::is_object);
        let status_cidrs = reader.strings(&join(status_lb, "allowedCIDRs"));
        let lb_ip = reader
            .get(&join(status_lb, "ip"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string);

        let floating_ip_disabled = match shape {
            CapoShape::V1beta1 => {
                reader
                    .get(&["spec", "disableAPIServerFloatingIP"])
                    .and_then(Value::as_bool)
                    == Some(true)
                    || reader
                        .get(&["spec", "disableExternalNetwork"])
                        .and_then(Value::as_bool)
                        == Some(true)
            }
            CapoShape::V1beta2 => {
                reader
                    .get(&["spec", "apiServer", "enableFloatingIP"])
                    .and_then(Value::as_bool)
                    == Some(false)
                    || reader
                        .get(&["spec", "enableExternalNetwork"])
                        .and_then(Value::as_bool)
                        == Some(false)
            }
        };

        let endpoint_host = reader
            .get(&["spec", "controlPlaneEndpoint", "host"])
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let endpoint = endpoint_host.as_ref().map(|host| {
            match json::at(infra, &["spec", "controlPlaneEndpoint", "port"]).and_then(Value::as_u64)
            {
                Some(port) => format!("{host}:{port}"),
                None => host.clone(),
            }
        });

        let node_subnets = reader.subnet_cidrs();
        let router_ips = reader
            .strings(&["status", "router", "ips"])
            .unwrap_or_default();
        let bastion_ips = ["floatingIP", "ip"]
            .iter()
            .filter_map(|field| {
                reader
                    .get(&["status", "bastion", field])
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            })
            .collect();

        CapoView {
            key,
            shape,
            lb_present,
            lb_enabled,
            provider,
            spec_cidrs,
            status_lb_present,
            status_cidrs,
            lb_ip,
            floating_ip_disabled,
            endpoint_host,
            endpoint,
            node_subnets,
            router_ips,
            bastion_ips,
            fields_read: reader.fields,
            warnings: reader.warnings,
        }
    }

    /// The path of the spec load balancer's allowed CIDRs, for messages.
    pub fn spec_cidrs_path(&self) -> String {
        format!("{}.allowedCIDRs", self.shape.spec_lb().join("."))
    }

    /// The path of the status load balancer's allowed CIDRs, for messages.
    pub fn status_cidrs_path(&self) -> String {
        format!("{}.allowedCIDRs", self.shape.status_lb().join("."))
    }

    /// The path of the spec load balancer, for messages.
    pub fn spec_lb_path(&self) -> String {
        self.shape.spec_lb().join(".")
    }

    /// True when the provider is OVN, which has no VIP ACLs.
    pub fn is_ovn(&self) -> bool {
        self.provider
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case("ovn"))
    }
}

fn join<'a>(base: &[&'a str], last: &'a str) -> Vec<&'a str> {
    let mut path = base.to_vec();
    path.push(last);
    path
}

/// Reads fields and records each one it consulted.
struct Reader<'a> {
    infra: &'a Value,
    label: String,
    fields: Vec<String>,
    warnings: Vec<String>,
}

impl<'a> Reader<'a> {
    fn get(&mut self, path: &[&str]) -> Option<&'a Value> {
        let found = json::at(self.infra, path).filter(|v| !v.is_null());
        let dotted = path.join(".");
        let entry = if found.is_some() {
            format!("{}: {dotted}", self.label)
        } else {
            format!("{}: {dotted} (absent)", self.label)
        };
        if !self.fields.contains(&entry) {
            self.fields.push(entry);
        }
        found
    }

    fn strings(&mut self, path: &[&str]) -> Option<Vec<String>> {
        let value = self.get(path);
        let list = json::string_list(value)?;
        let dotted = path.join(".");
        for item in &list.non_strings {
            self.warnings.push(format!(
                "{}: {dotted} contains {item}, which is not a string",
                self.label
            ));
        }
        Some(list.items)
    }

    fn subnet_cidrs(&mut self) -> Vec<String> {
        let subnets = self
            .get(&["status", "network", "subnets"])
            .and_then(Value::as_array);
        subnets
            .map(|items| {
                items
                    .iter()
                    .filter_map(|s| json::str_at(s, &["cidr"]))
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_v1beta1_fields() {
        let infra = json!({
            "apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1", "kind": "OpenStackCluster",
            "metadata": {"name": "o", "namespace": "ns"},
            "spec": {"apiServerLoadBalancer": {"enabled": true, "provider": "amphora",
                        "allowedCIDRs": ["192.0.2.0/24"]},
                     "controlPlaneEndpoint": {"host": "198.18.0.9", "port": 6443}},
            "status": {"apiServerLoadBalancer": {"ip": "198.18.0.9", "allowedCIDRs": ["10.8.0.0/20", "192.0.2.0/24"]},
                       "network": {"subnets": [{"cidr": "10.8.0.0/20"}]},
                       "router": {"ips": ["198.18.0.1"]},
                       "bastion": {"floatingIP": "198.18.0.2", "ip": "10.8.0.3"}}
        });
        let v = CapoView::read(&infra);
        assert_eq!(v.shape, CapoShape::V1beta1);
        assert!(v.lb_enabled);
        assert_eq!(v.provider.as_deref(), Some("amphora"));
        assert_eq!(v.spec_cidrs, vec!["192.0.2.0/24".to_string()]);
        assert_eq!(v.status_cidrs.as_ref().map(Vec::len), Some(2));
        assert_eq!(v.node_subnets, vec!["10.8.0.0/20".to_string()]);
        assert_eq!(v.router_ips, vec!["198.18.0.1".to_string()]);
        assert_eq!(
            v.bastion_ips,
            vec!["198.18.0.2".to_string(), "10.8.0.3".to_string()]
        );
        assert_eq!(v.endpoint.as_deref(), Some("198.18.0.9:6443"));
        assert!(!v.floating_ip_disabled);
        assert!(v.fields_read.contains(
            &"OpenStackCluster ns/o: status.apiServerLoadBalancer.allowedCIDRs".to_string()
        ));
    }

    #[test]
    fn reads_v1beta2_fields() {
        let infra = json!({
            "apiVersion": "infrastructure.cluster.x-k8s.io/v1beta2", "kind": "OpenStackCluster",
            "metadata": {"name": "o", "namespace": "ns"},
            "spec": {"apiServer": {"enableFloatingIP": false,
                        "managedLoadBalancer": {"enabled": true, "allowedCIDRs": ["2001:db8::/48"]}}},
            "status": {"apiServerManagedLoadBalancer": {"allowedCIDRs": ["2001:db8::/48"]}}
        });
        let v = CapoView::read(&infra);
        assert_eq!(v.shape, CapoShape::V1beta2);
        assert!(v.lb_enabled);
        assert!(v.floating_ip_disabled);
        assert_eq!(v.spec_cidrs, vec!["2001:db8::/48".to_string()]);
        assert_eq!(v.status_cidrs, Some(vec!["2001:db8::/48".to_string()]));
        assert_eq!(
            v.spec_cidrs_path(),
            "spec.apiServer.managedLoadBalancer.allowedCIDRs"
        );
        assert_eq!(
            v.status_cidrs_path(),
            "status.apiServerManagedLoadBalancer.allowedCIDRs"
        );
    }

    #[test]
    fn missing_load_balancer_means_none_and_absent_fields_are_marked() {
        let infra = json!({"apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1",
            "kind": "OpenStackCluster", "metadata": {"name": "o", "namespace": "ns"}, "spec": {}});
        let v = CapoView::read(&infra);
        assert!(!v.lb_enabled);
        assert_eq!(v.status_cidrs, None);
        assert!(
            v.fields_read.contains(
                &"OpenStackCluster ns/o: spec.apiServerLoadBalancer (absent)".to_string()
            )
        );
    }
}
