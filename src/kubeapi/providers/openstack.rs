//! The OpenStack (CAPO) adapter: allowed CIDRs on the Octavia listener of the API load balancer.
//!
//! The chain it follows: topology variable → ClusterClass patch (scs2 fires only for
//! `apiServerLoadBalancer: octavia-amphora`) → `spec...allowedCIDRs` → CAPO, which writes
//! `status...allowedCIDRs` only when the Octavia provider supports VIP ACLs (not `ovn`) and then
//! adds the node subnets, router IPs and bastion IPs, keeping IPv4 entries only.

use std::net::IpAddr;

use ipnet::IpNet;
use serde_json::Value;

use crate::kubeapi::address;
use crate::kubeapi::cidr::{self, Canonical};
use crate::kubeapi::cluster::ClusterView;
use crate::kubeapi::providers::capo::CapoView;
use crate::kubeapi::restriction::{
    AddedOrigin, ClusterRestriction, InfraAdapter, ProviderAdded, Restriction,
};
use crate::kubeapi::variables::{self, Requested};

/// Judges Clusters whose infrastructure is a CAPO `OpenStackCluster`.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenStackAdapter;

impl InfraAdapter for OpenStackAdapter {
    fn kind(&self) -> &str {
        "OpenStackCluster"
    }

    fn judge(&self, cluster: &ClusterView, infra: &Value) -> ClusterRestriction {
        Judgement::new(cluster, infra).run()
    }
}

/// Everything read for one Cluster, canonicalised once.
struct Judgement<'a> {
    cluster: &'a ClusterView,
    capo: CapoView,
    requested: Requested,
    lb_variable: Option<(String, String)>,
    req: Canonical,
    spec: Canonical,
    status: Option<Canonical>,
    out: ClusterRestriction,
}

impl<'a> Judgement<'a> {
    fn new(cluster: &'a ClusterView, infra: &Value) -> Judgement<'a> {
        let capo = CapoView::read(infra);
        let requested = variables::requested_cidrs(cluster);
        let lb_variable = variables::load_balancer_type(cluster);
        let req = cidr::canonicalize(&requested.entries());
        let spec = cidr::canonicalize(&capo.spec_cidrs);
        let status = capo.status_cidrs.as_deref().map(cidr::canonicalize);

        let mut out = ClusterRestriction::new(cluster, Restriction::Unknown, "");
        if capo.endpoint.is_some() {
            out.endpoint.clone_from(&capo.endpoint);
        }
        if let Some((name, _)) = &lb_variable {
            out.fields_read
                .push(cluster.field(&format!("spec.topology.variables[{name}]")));
        }
        out.fields_read
            .extend(requested.fields_read.iter().cloned());
        out.fields_read.extend(capo.fields_read.iter().cloned());
        out.warnings.extend(requested.warnings.iter().cloned());
        out.warnings.extend(capo.warnings.iter().cloned());

        if !requested.is_empty() {
            out.requested = req.valid_strings();
            out.requested_from = requested.source_names();
        } else if !capo.spec_cidrs.is_empty() {
            out.requested = spec.valid_strings();
            out.requested_from = vec![format!(
                "OpenStackCluster {}: {}",
                capo.key,
                capo.spec_cidrs_path()
            )];
        }
        if let Some(status) = &status {
            out.effective = status.valid_strings();
        }

        let mut judgement = Judgement {
            cluster,
            capo,
            requested,
            lb_variable,
            req,
            spec,
            status,
            out,
        };
        judgement.entry_warnings();
        judgement
    }

    fn run(mut self) -> ClusterRestriction {
        let (verdict, reason) = self.decide();
        self.out.verdict = verdict;
        self.out.reason = reason;
        self.out.provider_added = self.provider_added();
        self.out
    }

    fn decide(&mut self) -> (Restriction, String) {
        if !self.capo.lb_enabled {
            return self.without_load_balancer();
        }
        if self.requested.is_empty()
            && self.capo.spec_cidrs.is_empty()
            && let Some(reason) = self.internal_only_reason()
        {
            return (Restriction::Restricted, reason);
        }
        if let Some(reason) = self.world_reason() {
            return (Restriction::Open, reason);
        }
        if !self.requested.is_empty() {
            if self.capo.spec_cidrs.is_empty() {
                return (Restriction::NotEnforced, self.patch_not_applied_reason());
            }
            let missing = cidr::not_contained(&self.spec.valid, &self.req.valid);
            if !missing.is_empty() {
                return (
                    Restriction::NotEnforced,
                    format!(
                        "{} requests {} but OpenStackCluster {} {} lacks {}: the ClusterClass patch was not applied \
                         or the list was edited on the OpenStackCluster, so the requested restriction is not in effect",
                        self.requested_names(),
                        shown(&self.req),
                        self.capo.key,
                        self.capo.spec_cidrs_path(),
                        list(&cidr::to_strings(&missing)),
                    ),
                );
            }
            let extra = cidr::not_contained(&self.req.valid, &self.spec.valid);
            if !extra.is_empty() {
                self.out.warnings.push(format!(
                    "{} also lists {}, which no variable requests (set on the OpenStackCluster directly?)",
                    self.capo.spec_cidrs_path(),
                    list(&cidr::to_strings(&extra))
                ));
            }
        }
        if self.capo.spec_cidrs.is_empty() {
            if self.status.as_ref().is_some_and(|s| !s.is_empty()) {
                self.out.warnings.push(format!(
                    "{} is set although the spec list is empty; CAPO clears it on its next reconcile",
                    self.capo.status_cidrs_path()
                ));
            }
            return (
                Restriction::Open,
                format!(
                    "no allowed CIDRs requested: no {} variable is set and {} is empty, so the API load balancer{} admits every client",
                    variables::CIDR_VARIABLES.join("/"),
                    self.capo.spec_cidrs_path(),
                    self.at_endpoint()
                ),
            );
        }
        if self.capo.is_ovn() {
            return (
                Restriction::NotEnforced,
                format!(
                    "{} lists {} but the load balancer provider is ovn, which has no VIP ACLs: CAPO leaves {} empty \
                     and the API{} admits every client (use provider amphora, Octavia API >= 2.12)",
                    self.capo.spec_cidrs_path(),
                    shown(&self.spec),
                    self.capo.status_cidrs_path(),
                    self.at_endpoint()
                ),
            );
        }
        let status_valid = match &self.status {
            Some(status) if !status.valid.is_empty() => status.valid.clone(),
            _ => {
                return (
                    Restriction::NotEnforced,
                    format!(
                        "{} lists {} but {} is empty: the Octavia provider{} has no VIP ACL support (Octavia API < 2.12) \
                         or CAPO has not reconciled the load balancer yet, so nothing restricts the API",
                        self.capo.spec_cidrs_path(),
                        shown(&self.spec),
                        self.capo.status_cidrs_path(),
                        self.capo
                            .provider
                            .as_deref()
                            .map(|p| format!(" ({p})"))
                            .unwrap_or_default()
                    ),
                );
            }
        };
        let missing = cidr::not_contained(&status_valid, &self.spec.valid);
        let (missing_v6, missing_v4): (Vec<IpNet>, Vec<IpNet>) =
            missing.into_iter().partition(|n| matches!(n, IpNet::V6(_)));
        if !missing_v6.is_empty() {
            self.out.warnings.push(format!(
                "{} is missing from {}: CAPO accepts IPv4 addresses and CIDRs only and drops IPv6 entries, \
                 so clients from these networks are not admitted",
                list(&cidr::to_strings(&missing_v6)),
                self.capo.status_cidrs_path()
            ));
        }
        if !missing_v4.is_empty() {
            return (
                Restriction::NotEnforced,
                format!(
                    "{} lacks {} from {}: CAPO has not applied the current list to the listener yet",
                    self.capo.status_cidrs_path(),
                    list(&cidr::to_strings(&missing_v4)),
                    self.capo.spec_cidrs_path()
                ),
            );
        }
        (
            Restriction::Restricted,
            self.restricted_reason(&status_valid),
        )
    }

    fn restricted_reason(&self, status_valid: &[IpNet]) -> String {
        let enforced: Vec<IpNet> = self
            .spec
            .valid
            .iter()
            .filter(|n| cidr::contains_all(status_valid, &[**n]))
            .copied()
            .collect();
        let added = status_valid.len().saturating_sub(
            status_valid
                .iter()
                .filter(|n| self.spec.valid.contains(n))
                .count(),
        );
        if enforced.is_empty() {
            return format!(
                "internal access only: the requested list holds no CIDR CAPO accepts, so {} admits only the {} \
                 networks CAPO adds itself (node subnets, router and bastion IPs)",
                self.capo.status_cidrs_path(),
                status_valid.len()
            );
        }
        format!(
            "the API load balancer{}{} admits only {}: the requested {} are enforced{}",
            self.provider_suffix(),
            self.at_endpoint(),
            list(&cidr::to_strings(status_valid)),
            list(&cidr::to_strings(&enforced)),
            if added > 0 {
                format!(", plus {added} CIDR(s) CAPO added itself (see providerAdded)")
            } else {
                String::new()
            }
        )
    }

    fn without_load_balancer(&mut self) -> (Restriction, String) {
        let something_requested = !self.requested.is_empty() || !self.capo.spec_cidrs.is_empty();
        let lb_state = format!(
            "the OpenStackCluster has no API load balancer ({} {})",
            self.capo.spec_lb_path(),
            if self.capo.lb_present {
                "has enabled: false"
            } else {
                "is not set"
            }
        );
        if !self.capo.floating_ip_disabled {
            let exposure = format!(
                "the API is served on the control plane's floating IP{} and CAPO's control-plane security group \
                 admits port 6443 from anywhere",
                self.at_endpoint()
            );
            if something_requested {
                return (
                    Restriction::NotEnforced,
                    format!(
                        "{} requests {} but {lb_state}, so there is no listener to carry allowed CIDRs; {exposure}",
                        self.requested_or_spec_names(),
                        if self.requested.is_empty() {
                            shown(&self.spec)
                        } else {
                            shown(&self.req)
                        }
                    ),
                );
            }
            return (Restriction::Open, format!("{lb_state}: {exposure}"));
        }
        if something_requested {
            self.out.warnings.push(
                "allowed CIDRs are requested but have no effect without an API load balancer"
                    .to_string(),
            );
        }
        match self.endpoint_ip() {
            Some(ip) if !address::is_public(ip) => (
                Restriction::Restricted,
                format!(
                    "internal access only: {lb_state} and no floating IP, and the endpoint {ip} is a non-public address ({:?})",
                    address::classify(ip)
                ),
            ),
            Some(ip) => (
                Restriction::Unknown,
                format!(
                    "{lb_state} and no floating IP, but the endpoint {ip} is a public address: who can reach it depends \
                     on networks the OpenStackCluster does not describe"
                ),
            ),
            None => (
                Restriction::Unknown,
                format!(
                    "{lb_state} and no floating IP, and the endpoint is not an IP address; who can reach the API cannot \
                     be told from the objects"
                ),
            ),
        }
    }

    /// With the floating IP disabled, a private VIP is reachable only from inside.
    fn internal_only_reason(&self) -> Option<String> {
        if !self.capo.floating_ip_disabled {
            return None;
        }
        let ip = self.endpoint_ip()?;
        (!address::is_public(ip)).then(|| {
            format!(
                "internal access only: no floating IP is attached to the API and its load balancer address {ip} is \
                 non-public ({:?}), although no allowed CIDRs are set",
                address::classify(ip)
            )
        })
    }

    fn world_reason(&self) -> Option<String> {
        let mut places = Vec::new();
        let mut worlds = Vec::new();
        let mut note = |nets: &[IpNet], place: String| {
            let found: Vec<IpNet> = nets.iter().filter(|n| cidr::is_world(n)).copied().collect();
            if !found.is_empty() {
                places.push(place);
                for n in found {
                    if !worlds.contains(&n) {
                        worlds.push(n);
                    }
                }
            }
        };
        note(&self.req.valid, self.requested_names());
        note(&self.spec.valid, self.capo.spec_cidrs_path());
        if let Some(status) = &self.status {
            note(&status.valid, self.capo.status_cidrs_path());
        }
        if worlds.is_empty() {
            return None;
        }
        Some(format!(
            "the allowed CIDRs include {} ({}), which admits every client of that address family",
            list(&cidr::to_strings(&worlds)),
            places.join(", ")
        ))
    }

    fn patch_not_applied_reason(&self) -> String {
        let first = self
            .requested
            .sources
            .first()
            .map(|s| s.name.as_str())
            .unwrap_or_default();
        let base = format!(
            "{} requests {} but OpenStackCluster {} {} is empty",
            self.requested_names(),
            shown(&self.req),
            self.capo.key,
            self.capo.spec_cidrs_path()
        );
        let why = if first == "restrict_kubeapi" {
            "no ClusterClass patch carried restrict_kubeapi to the OpenStackCluster (its patch in cluster-stacks PR #110 \
             was never merged; scs2 uses apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs together with \
             apiServerLoadBalancer: octavia-amphora)"
                .to_string()
        } else {
            match &self.lb_variable {
                Some((_, value)) if value == variables::AMPHORA => {
                    "the ClusterClass patch did not reach the OpenStackCluster (topology not reconciled yet, or a class \
                     without this patch)"
                        .to_string()
                }
                Some((name, value)) => format!(
                    "the scs2 ClusterClass copies it only when apiServerLoadBalancer is {}, but {name} is {value}",
                    variables::AMPHORA
                ),
                None => format!(
                    "the scs2 ClusterClass copies it only when apiServerLoadBalancer is {}, and apiServerLoadBalancer \
                     is unset (scs2 default {})",
                    variables::AMPHORA,
                    variables::SCS2_DEFAULT_LOAD_BALANCER
                ),
            }
        };
        format!(
            "{base}: {why}; the API{} admits every client",
            self.at_endpoint()
        )
    }

    /// Notes on individual entries: host bits, entries that are not CIDRs.
    fn entry_warnings(&mut self) {
        let mut warnings = Vec::new();
        let mut written: Vec<&String> = self
            .requested
            .sources
            .iter()
            .flat_map(|s| s.entries.iter())
            .collect();
        written.extend(self.capo.spec_cidrs.iter());
        let mut seen: Vec<&String> = Vec::new();
        for entry in written {
            if seen.contains(&entry) {
                continue;
            }
            seen.push(entry);
            if cidr::has_host_bits(entry)
                && let Some(net) = cidr::parse_entry(entry)
            {
                warnings.push(format!(
                    "{entry} has host bits set; it admits the whole network {}",
                    net.trunc()
                ));
            }
        }
        for entry in &self.spec.invalid {
            let from_variable = self.req.invalid.contains(entry);
            if from_variable {
                continue;
            }
            if entry.eq_ignore_ascii_case("none") {
                warnings.push(variables::none_warning(&self.capo.spec_cidrs_path()));
            } else {
                warnings.push(format!(
                    "{} entry {entry:?} is not a CIDR; CAPO drops it (FailedIPAddressValidation event)",
                    self.capo.spec_cidrs_path()
                ));
            }
        }
        for entry in &self.req.invalid {
            if !entry.eq_ignore_ascii_case("none") {
                warnings.push(format!(
                    "requested entry {entry:?} is not a CIDR; CAPO drops it (FailedIPAddressValidation event)"
                ));
            }
        }
        if let Some(status) = &self.status {
            for entry in &status.invalid {
                warnings.push(format!(
                    "{} entry {entry:?} is not a CIDR",
                    self.capo.status_cidrs_path()
                ));
            }
        }
        self.out.warnings.extend(warnings);
    }

    fn provider_added(&self) -> Vec<ProviderAdded> {
        let Some(status) = &self.status else {
            return Vec::new();
        };
        let subnets = cidr::canonicalize(&self.capo.node_subnets).valid;
        let routers = cidr::canonicalize(&self.capo.router_ips).valid;
        let bastions = cidr::canonicalize(&self.capo.bastion_ips).valid;
        status
            .valid
            .iter()
            .filter(|n| !self.spec.valid.contains(n))
            .map(|n| ProviderAdded {
                cidr: n.to_string(),
                origin: if subnets.contains(n) {
                    AddedOrigin::NodeSubnet
                } else if routers.contains(n) {
                    AddedOrigin::Router
                } else if bastions.contains(n) {
                    AddedOrigin::Bastion
                } else {
                    AddedOrigin::Unexplained
                },
            })
            .collect()
    }

    fn endpoint_ip(&self) -> Option<IpAddr> {
        let host = self
            .capo
            .endpoint_host
            .clone()
            .or_else(|| self.capo.lb_ip.clone())
            .or_else(|| {
                self.cluster
                    .control_plane_endpoint
                    .as_deref()
                    .map(|e| e.rsplit_once(':').map_or(e, |(h, _)| h).to_string())
            })?;
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .ok()
    }

    fn at_endpoint(&self) -> String {
        self.out
            .endpoint
            .as_deref()
            .map(|e| format!(" at {e}"))
            .unwrap_or_default()
    }

    fn provider_suffix(&self) -> String {
        self.capo
            .provider
            .as_deref()
            .map(|p| format!(" (provider {p})"))
            .unwrap_or_default()
    }

    fn requested_names(&self) -> String {
        let names: Vec<String> = self
            .requested
            .sources
            .iter()
            .map(|s| format!("variable {}", s.name))
            .collect();
        if names.is_empty() {
            self.capo.spec_cidrs_path()
        } else {
            names.join(" and ")
        }
    }

    fn requested_or_spec_names(&self) -> String {
        if self.requested.is_empty() {
            self.capo.spec_cidrs_path()
        } else {
            self.requested_names()
        }
    }
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// A canonical list for messages: the networks, then the unparsable entries quoted.
fn shown(canonical: &Canonical) -> String {
    let mut items = canonical.valid_strings();
    items.extend(canonical.invalid.iter().map(|e| format!("{e:?}")));
    list(&items)
}
