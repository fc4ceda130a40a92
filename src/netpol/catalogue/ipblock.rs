//! Upstream tests 34–42: ipBlock egress (CIDR, except, overlap), independent ingress and egress,
//! SCTP/UDP-only policies probed over TCP, and the default namespace-name label.

use crate::netpol::catalogue::build::{
    Setup, create_in_x, create_in_x_with_ips, egress, expression, ingress, ip_block_placeholder,
    labels, namespace_named, namespaces, policy, port, probe, with_egress, with_ingress,
};
use crate::netpol::catalogue::scenario::{Scenario, Step};
use crate::netpol::catalogue::template::{IpBlockSlot, PodCidr};
use crate::netpol::catalogue::topology::{TopologyNames, XA, XB, XC, YA, YB, ZA};
use crate::netpol::model::{Direction, NAMESPACE_NAME_LABEL, Protocol};

const TCP: Protocol = Protocol::Tcp;

/// The egress ipBlock policy of tests 34–36 (same name in all three, as upstream).
fn cidr_egress_policy(names: &TopologyNames, cidr: PodCidr, except: Vec<PodCidr>) -> Step {
    let np = with_egress(
        policy(
            "allow-client-a-via-cidr-egress-rule",
            labels(&[("pod", "a")]),
        ),
        vec![egress(vec![ip_block_placeholder()], vec![])],
    );
    let slot = IpBlockSlot {
        direction: Direction::Egress,
        rule: 0,
        peer: 0,
        cidr,
        except,
    };
    Step::CreatePolicy(create_in_x_with_ips(names, np, vec![slot]))
}

fn into_update(step: Step) -> Step {
    match step {
        Step::CreatePolicy(template) => Step::UpdatePolicy(template),
        other => other,
    }
}

pub(super) fn scenarios(names: &TopologyNames) -> Vec<Scenario> {
    let setup = |it, pods: &'static [_], ports: &'static [u16]| Setup::tcp(names, it, pods, ports);
    let y = names.y.as_str();
    let pod = |name| labels(&[("pod", name)]);

    vec![
        setup("should allow egress access to server in CIDR block", &[XA, YA, YB], &[80]).steps(vec![
            cidr_egress_policy(names, PodCidr::Host(YB), vec![]),
            probe(80, TCP),
        ]),
        setup(
            "should enforce except clause while egress access to server in CIDR block",
            &[XA, XB, XC],
            &[80],
        )
        .steps(vec![
            cidr_egress_policy(names, PodCidr::Covering4(XB), vec![PodCidr::Host(XB)]),
            probe(80, TCP),
        ]),
        setup(
            "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed",
            &[XA, XB, XC],
            &[80],
        )
        .steps(vec![
            cidr_egress_policy(names, PodCidr::Covering4(XB), vec![PodCidr::Host(XB)]),
            probe(80, TCP),
            into_update(cidr_egress_policy(names, PodCidr::Host(XB), vec![])),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector",
            &[XA, XB, YA],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_egress(policy("allow-egress-for-target", pod("a")), vec![egress(vec![], vec![])]),
            ),
            probe(80, TCP),
            create_in_x(names, with_ingress(policy("deny-ingress-via-label-selector", pod("a")), vec![])),
            probe(80, TCP),
        ]),
        setup(
            "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
            &[XA, YA],
            &[81],
        )
        .steps(vec![
            create_in_x(names, with_ingress(policy("deny-ingress", labels(&[])), vec![])),
            create_in_x(
                names,
                with_ingress(
                    policy("allow-only-sctp-ingress-on-port-81", pod("a")),
                    vec![ingress(vec![], vec![port(81, Some(Protocol::Sctp))])],
                ),
            ),
            probe(81, TCP),
        ]),
        setup(
            "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
            &[XA, YA],
            &[81],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-only-sctp-ingress-on-port-80", pod("a")),
                    vec![ingress(vec![], vec![port(80, Some(Protocol::Sctp))])],
                ),
            ),
            probe(81, TCP),
        ]),
        setup("should not allow access by TCP when a policy specifies only UDP", &[XA, YA], &[81]).steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-only-udp-ingress-on-port-81", pod("a")),
                    vec![ingress(vec![], vec![port(81, Some(Protocol::Udp))])],
                ),
            ),
            probe(81, TCP),
        ]),
        setup(
            "should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label",
            &[XA, XB, YA, ZA],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-client-a-via-ns-selector-for-immutable-ns-label", pod("a")),
                    vec![ingress(vec![namespaces(namespace_named(y))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policy based on NamespaceSelector with MatchExpressions using default ns label",
            &[XA, XB, YA, ZA],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_egress(
                    policy("allow-ns-y-match-selector-for-immutable-ns-label", pod("a")),
                    vec![egress(vec![namespaces(expression(NAMESPACE_NAME_LABEL, "NotIn", &[y]))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
    ]
}
