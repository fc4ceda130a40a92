//! Upstream tests 1–16: default deny, pod and namespace selectors, ports, stacking, allow-all.

use crate::netpol::catalogue::build::{
    Setup, create_in_x, expression, ingress, labels, namespace_named, namespaces, pods, pods_in,
    policy, port, probe, with_egress, with_ingress,
};
use crate::netpol::catalogue::scenario::Scenario;
use crate::netpol::catalogue::topology::{TopologyNames, XA, XB, XC, YA, YB, YC, ZA, ZB};
use crate::netpol::model::{NAMESPACE_NAME_LABEL, Protocol};

const TCP: Protocol = Protocol::Tcp;

pub(super) fn scenarios(names: &TopologyNames) -> Vec<Scenario> {
    let setup = |it, pods: &'static [_], ports: &'static [u16]| Setup::tcp(names, it, pods, ports);
    let y = names.y.as_str();
    let x = names.x.as_str();
    let pod = |name| labels(&[("pod", name)]);
    let only_ns_y = || namespaces(namespace_named(y));

    vec![
        setup("should support a 'default-deny-ingress' policy", &[XA, XB, YA, YB], &[80]).steps(vec![
            create_in_x(names, with_ingress(policy("deny-ingress", labels(&[])), vec![])),
            probe(80, TCP),
        ]),
        setup("should support a 'default-deny-all' policy", &[XA, XB, YA], &[80]).steps(vec![
            create_in_x(
                names,
                with_egress(with_ingress(policy("deny-all", labels(&[])), vec![]), vec![]),
            ),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policy to allow traffic from pods within server namespace based on PodSelector",
            &[XA, XB, XC, YA],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(policy("x-a-allows-x-b", pod("a")), vec![ingress(vec![pods(pod("b"))], vec![])]),
            ),
            probe(80, TCP),
        ]),
        setup("should enforce policy to allow ingress traffic for a target", &[XA, XB, YA], &[80]).steps(vec![
            create_in_x(names, with_ingress(policy("deny-all", labels(&[])), vec![])),
            create_in_x(
                names,
                with_ingress(
                    policy("allow-all-to-a", pod("a")),
                    vec![ingress(vec![pods_in(labels(&[]), labels(&[]))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policy to allow ingress traffic from pods in all namespaces",
            &[XA, XB, YA, ZA],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-from-another-ns", pod("a")),
                    vec![ingress(vec![namespaces(labels(&[]))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector",
            &[XA, XB, YA, ZA],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(policy("allow-client-a-via-ns-selector", pod("a")), vec![ingress(vec![only_ns_y()], vec![])]),
            ),
            probe(80, TCP),
        ]),
        setup("should enforce policy based on PodSelector with MatchExpressions", &[XA, XB, YA], &[80]).steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("x-a-allows-x-b", pod("a")),
                    vec![ingress(vec![pods(expression("pod", "In", &["b"]))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policy based on NamespaceSelector with MatchExpressions",
            &[XA, XB, YA, ZA],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-ns-y-match-selector", pod("a")),
                    vec![ingress(vec![namespaces(expression(NAMESPACE_NAME_LABEL, "In", &[y]))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup("should enforce policy based on PodSelector or NamespaceSelector", &[XA, XB, XC, YA], &[80]).steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-ns-y-match-selector", pod("a")),
                    vec![ingress(
                        vec![namespaces(expression(NAMESPACE_NAME_LABEL, "NotIn", &[x])), pods(pod("b"))],
                        vec![],
                    )],
                ),
            ),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policy based on PodSelector and NamespaceSelector",
            &[XA, XB, YA, YB, ZB],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-ns-y-podselector-and-nsselector", pod("a")),
                    vec![ingress(vec![pods_in(expression(NAMESPACE_NAME_LABEL, "NotIn", &[x]), pod("b"))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policy based on Multiple PodSelectors and NamespaceSelectors",
            &[XA, XB, YA, YB, YC],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-ns-y-z-pod-b-c", pod("a")),
                    vec![ingress(
                        vec![pods_in(
                            expression(NAMESPACE_NAME_LABEL, "NotIn", &[x]),
                            expression("pod", "In", &["b", "c"]),
                        )],
                        vec![],
                    )],
                ),
            ),
            probe(80, TCP),
        ]),
        setup("should enforce policy based on any PodSelectors", &[XA, XB, XC], &[80]).steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-ns-x-pod-b-c", pod("a")),
                    vec![ingress(vec![pods(pod("b")), pods(pod("c"))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup(
            "should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector",
            &[XA, XB, YA, YB, ZA],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-ns-y-pod-a-via-namespace-pod-selector", pod("a")),
                    vec![ingress(vec![pods_in(namespace_named(y), pod("a"))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup("should enforce policy based on Ports", &[XA, XB, YA, YB, ZA], &[81]).steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-client-a-via-ns-selector", pod("a")),
                    vec![ingress(vec![only_ns_y()], vec![port(81, Some(TCP))])],
                ),
            ),
            probe(81, TCP),
        ]),
        setup(
            "should enforce multiple, stacked policies with overlapping podSelectors",
            &[XA, XB, YA, YB, ZA],
            &[80, 81],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-client-a-via-ns-selector", pod("a")),
                    vec![ingress(vec![only_ns_y()], vec![port(81, Some(TCP))])],
                ),
            ),
            probe(81, TCP),
            probe(80, TCP),
            create_in_x(
                names,
                with_ingress(
                    policy("allow-client-a-via-ns-selector-80", pod("a")),
                    vec![ingress(vec![only_ns_y()], vec![port(80, Some(TCP))])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup("should support allow-all policy", &[XA, XB, YA], &[80, 81]).steps(vec![
            create_in_x(names, with_ingress(policy("allow-all", labels(&[])), vec![ingress(vec![], vec![])])),
            probe(80, TCP),
            probe(81, TCP),
        ]),
    ]
}
