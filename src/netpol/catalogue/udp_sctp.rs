//! Upstream tests 43–48: the UDP (`Netpol [LinuxOnly]`) and SCTP
//! (`Netpol [Feature:SCTPConnectivity] [LinuxOnly]`) suites, three tests each.

use crate::netpol::catalogue::build::{
    Setup, create_in_x, ingress, labels, namespace_named, namespaces, pods_in, policy, port, probe,
    with_ingress,
};
use crate::netpol::catalogue::scenario::{Scenario, Suite};
use crate::netpol::catalogue::topology::{TopologyNames, XA, XB, YA, YB, ZA};
use crate::netpol::model::Protocol;

pub(super) fn scenarios(names: &TopologyNames) -> Vec<Scenario> {
    let mut out = Vec::new();
    for (suite, protocols) in [
        (Suite::Udp, &[Protocol::Udp][..]),
        (Suite::Sctp, &[Protocol::Sctp][..]),
    ] {
        let Some(&protocol) = protocols.first() else {
            continue;
        };
        let setup = |it, pods: &'static [_], ports: &'static [u16]| Setup {
            names,
            suite,
            it,
            pods,
            ports,
            protocols,
        };
        let y = names.y.as_str();
        out.push(
            setup(
                "should support a 'default-deny-ingress' policy",
                &[XA, XB, YA, YB],
                &[80],
            )
            .steps(vec![
                create_in_x(names, with_ingress(policy("deny-all", labels(&[])), vec![])),
                probe(80, protocol),
            ]),
        );
        out.push(
            setup(
                "should enforce policy based on Ports",
                &[XA, XB, YA, ZA],
                &[81],
            )
            .steps(vec![
                create_in_x(
                    names,
                    with_ingress(
                        policy("allow-ingress-on-port-81-ns-x", labels(&[("pod", "a")])),
                        vec![ingress(
                            vec![namespaces(namespace_named(y))],
                            vec![port(81, Some(protocol))],
                        )],
                    ),
                ),
                probe(81, protocol),
            ]),
        );
        out.push(
            setup(
                "should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector",
                &[XA, XB, YA],
                &[80],
            )
            .steps(vec![
                create_in_x(
                    names,
                    with_ingress(
                        policy("allow-ns-y-pod-a-via-namespace-pod-selector", labels(&[("pod", "a")])),
                        vec![ingress(vec![pods_in(namespace_named(y), labels(&[("pod", "a")]))], vec![])],
                    ),
                ),
                probe(80, protocol),
            ]),
        );
    }
    out
}
