//! The upstream NetworkPolicy e2e traffic tests as data.
//!
//! One [`Scenario`] per traffic test of kubernetes `test/e2e/network/netpol/network_policy.go`
//! (48 tests: 42 in `Netpol`, 3 UDP, 3 SCTP), with the upstream topology (namespaces x, y, z;
//! pods a, b, c labelled `pod=<name>`; ports 80/81 per protocol), the same policies (as
//! k8s-openapi objects), the same mid-test label changes and policy updates, and the same full
//! ginkgo test names, so SCS waiver regexes apply unchanged. Expected matrices are not written
//! down: [`Scenario::expected_probes`] computes them with the engine. The two `Netpol API` tests
//! probe no traffic and are not part of the catalogue.

mod basic;
mod build;
mod ipblock;
mod scenario;
mod template;
mod topology;
mod udp_sctp;
mod updates;

pub use scenario::{ExpectedProbe, Scenario, Step, Suite, UPSTREAM_FILE, UpstreamTest};
pub use template::{IpBlockSlot, PodCidr, PolicyTemplate};
pub use topology::{
    IpFamily, NsKey, PodIps, PodName, PodRef, TopologyNames, XA, XB, XC, YA, YB, YC, ZA, ZB, ZC,
    serve_ports, synthetic_pod_ips,
};

/// Every scenario, in upstream file order, with policies naming the given namespaces.
pub fn catalogue(namespaces: &TopologyNames) -> Vec<Scenario> {
    let mut all = basic::scenarios(namespaces);
    all.extend(updates::scenarios(namespaces));
    all.extend(ipblock::scenarios(namespaces));
    all.extend(udp_sctp::scenarios(namespaces));
    all
}
