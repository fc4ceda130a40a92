//! Upstream tests 17–33: named ports, policy and label updates, egress denies, ingress and egress
//! together, protocol-only ports, allow-all precedence, deletion.

use crate::netpol::catalogue::build::{
    Setup, create_in_x, egress, in_namespace, ingress, label_map, labels, named_port,
    namespace_named, namespaces, pods, pods_in, policy, port, probe, protocol_only, with_egress,
    with_ingress,
};
use crate::netpol::catalogue::scenario::{Scenario, Step, Suite};
use crate::netpol::catalogue::topology::{NsKey, TopologyNames, XA, XB, XC, YA, YB, ZA};
use crate::netpol::model::Protocol;

const TCP: Protocol = Protocol::Tcp;
const UDP: Protocol = Protocol::Udp;

pub(super) fn scenarios(names: &TopologyNames) -> Vec<Scenario> {
    let setup = |it, pods: &'static [_], ports: &'static [u16]| Setup::tcp(names, it, pods, ports);
    let x = names.x.as_str();
    let y = names.y.as_str();
    let pod = |name| labels(&[("pod", name)]);

    // Test 20 creates this policy and later updates it to `ingress: []` (policyTypes stay).
    let mutate = with_ingress(
        policy("allow-all-mutate-to-deny-all", labels(&[])),
        vec![ingress(vec![], vec![])],
    );
    let mut mutated = mutate.clone();
    if let Some(spec) = mutated.spec.as_mut() {
        spec.ingress = Some(Vec::new());
    }

    // Test 27 adds an egress rule and sets policyTypes by hand after building the ingress part.
    let mut together = with_ingress(
        policy("allow-client-a-via-pod-selector", pod("a")),
        vec![ingress(vec![pods(pod("b"))], vec![])],
    );
    if let Some(spec) = together.spec.as_mut() {
        spec.egress = Some(vec![egress(vec![], vec![port(80, None)])]);
        spec.policy_types = Some(vec!["Egress".into(), "Ingress".into()]);
    }

    let from_xa = || ingress(vec![pods_in(namespace_named(x), pod("a"))], vec![]);

    vec![
        setup("should allow ingress access on one named port", &[XA, XB, YA], &[80, 81]).steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-all", labels(&[])),
                    vec![ingress(vec![], vec![named_port("serve-81-tcp", None)])],
                ),
            ),
            probe(81, TCP),
            probe(80, TCP),
        ]),
        setup("should allow ingress access from namespace on one named port", &[XA, XB, YA, ZA], &[80, 81]).steps(
            vec![
                create_in_x(
                    names,
                    with_ingress(
                        policy("allow-client-a-via-ns-selector-80", pod("a")),
                        vec![ingress(
                            vec![namespaces(namespace_named(y))],
                            vec![named_port("serve-80-tcp", Some(TCP))],
                        )],
                    ),
                ),
                probe(80, TCP),
                probe(81, TCP),
            ],
        ),
        setup("should allow egress access on one named port", &[XA, YA], &[80, 81]).steps(vec![
            create_in_x(
                names,
                with_egress(
                    policy("allow-egress", labels(&[])),
                    vec![egress(vec![], vec![named_port("serve-80-tcp", None)])],
                ),
            ),
            probe(80, TCP),
            probe(81, TCP),
        ]),
        setup("should enforce updated policy", &[XA, YA], &[81]).steps(vec![
            create_in_x(names, mutate),
            probe(81, TCP),
            Step::UpdatePolicy(in_namespace(names, NsKey::X, mutated)),
            probe(81, TCP),
        ]),
        setup("should allow ingress access from updated namespace", &[XA, YA], &[80]).steps_with_cleanup(
            vec![
                create_in_x(
                    names,
                    with_ingress(
                        policy("allow-client-a-via-ns-selector", pod("a")),
                        vec![ingress(vec![namespaces(labels(&[("ns2", "updated")]))], vec![])],
                    ),
                ),
                probe(80, TCP),
                Step::AddNamespaceLabels {
                    namespace: NsKey::Y,
                    labels: label_map(&[("ns2", "updated")]),
                },
                probe(80, TCP),
            ],
            vec![Step::RemoveNamespaceLabel {
                namespace: NsKey::Y,
                key: "ns2".into(),
            }],
        ),
        setup("should allow ingress access from updated pod", &[XA, XB], &[80]).steps_with_cleanup(
            vec![
                create_in_x(
                    names,
                    with_ingress(
                        policy("allow-client-a-via-pod-selector", pod("a")),
                        vec![ingress(vec![pods(labels(&[("pod", "b"), ("pod2", "updated")]))], vec![])],
                    ),
                ),
                probe(80, TCP),
                Step::AddPodLabels {
                    pod: XB,
                    labels: label_map(&[("pod", "b"), ("pod2", "updated")]),
                },
                probe(80, TCP),
            ],
            vec![Step::ResetPodLabels { pod: XB }],
        ),
        setup("should deny ingress from pods on other namespaces", &[XA, XB, YA, ZA], &[80]).steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("deny-empty-policy", labels(&[])),
                    vec![ingress(vec![pods(labels(&[]))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        setup("should deny ingress access to updated pod", &[XA, YA], &[80]).steps_with_cleanup(
            vec![
                create_in_x(
                    names,
                    with_ingress(
                        policy("deny-ingress-via-label-selector", labels(&[("target", "isolated")])),
                        vec![],
                    ),
                ),
                probe(80, TCP),
                Step::AddPodLabels {
                    pod: XA,
                    labels: label_map(&[("target", "isolated")]),
                },
                probe(80, TCP),
            ],
            vec![Step::ResetPodLabels { pod: XA }],
        ),
        setup("should deny egress from pods based on PodSelector", &[XA, XB, YA], &[80]).steps(vec![
            create_in_x(names, with_egress(policy("deny-egress-pod-a", pod("a")), vec![])),
            probe(80, TCP),
        ]),
        setup("should deny egress from all pods in a namespace", &[XA, XB, YA], &[80]).steps(vec![
            create_in_x(names, with_egress(policy("deny-egress-ns-x", labels(&[])), vec![])),
            probe(80, TCP),
        ]),
        setup("should work with Ingress, Egress specified together", &[XA, XB, XC, YA], &[80, 81]).steps(vec![
            create_in_x(names, together),
            probe(80, TCP),
            probe(81, TCP),
        ]),
        setup(
            "should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)",
            &[XA, YA, YB],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_egress(
                    policy("allow-to-ns-y-pod-a", pod("a")),
                    vec![egress(vec![pods_in(namespace_named(y), pod("a"))], vec![])],
                ),
            ),
            Step::CreatePolicy(in_namespace(
                names,
                NsKey::Y,
                with_ingress(policy("allow-from-xa-on-ya-match-selector", pod("a")), vec![from_xa()]),
            )),
            Step::CreatePolicy(in_namespace(
                names,
                NsKey::Y,
                with_ingress(policy("allow-from-xa-on-yb-match-selector", pod("b")), vec![from_xa()]),
            )),
            probe(80, TCP),
        ]),
        setup(
            "should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector",
            &[XA, YA, YB],
            &[80],
        )
        .steps(vec![
            create_in_x(
                names,
                with_egress(
                    policy("allow-to-ns-y-pod-a", pod("a")),
                    vec![egress(vec![pods_in(namespace_named(y), pod("a"))], vec![])],
                ),
            ),
            probe(80, TCP),
        ]),
        Setup {
            names,
            suite: Suite::Default,
            it: "should enforce ingress policy allowing any port traffic to a server on a specific protocol",
            pods: &[XA, YA],
            ports: &[80],
            protocols: &[TCP, UDP],
        }
        .steps(vec![
            create_in_x(
                names,
                with_ingress(
                    policy("allow-ingress-by-proto", pod("a")),
                    vec![ingress(vec![], vec![protocol_only(TCP)])],
                ),
            ),
            probe(80, TCP),
            probe(80, UDP),
        ]),
        setup(
            "should enforce multiple ingress policies with ingress allow-all policy taking precedence",
            &[XA, YA],
            &[81],
        )
        .steps(vec![
            create_in_x(
                names,
                with_ingress(policy("allow-ingress-port-80", labels(&[])), vec![ingress(vec![], vec![port(80, None)])]),
            ),
            probe(81, TCP),
            create_in_x(names, with_ingress(policy("allow-ingress", labels(&[])), vec![ingress(vec![], vec![])])),
            probe(81, TCP),
        ]),
        setup(
            "should enforce multiple egress policies with egress allow-all policy taking precedence",
            &[XA, YA],
            &[81],
        )
        .steps(vec![
            create_in_x(
                names,
                with_egress(policy("allow-egress-port-80", labels(&[])), vec![egress(vec![], vec![port(80, None)])]),
            ),
            probe(81, TCP),
            create_in_x(names, with_egress(policy("allow-egress", labels(&[])), vec![egress(vec![], vec![])])),
            probe(81, TCP),
        ]),
        setup("should stop enforcing policies after they are deleted", &[XA, YA], &[80]).steps(vec![
            create_in_x(
                names,
                with_egress(with_ingress(policy("deny-all", labels(&[])), vec![]), vec![]),
            ),
            probe(80, TCP),
            Step::DeleteAllPolicies,
            probe(80, TCP),
        ]),
    ]
}
