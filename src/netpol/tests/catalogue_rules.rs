//! The scenario catalogue: names, data, and the engine's expectations compared with the truth
//! tables the upstream tests write by hand.

use std::collections::BTreeSet;

use crate::netpol::catalogue::{
    IpFamily, NsKey, PodName, PodRef, Scenario, Step, Suite, TopologyNames, XA, XB, XC, YA, YB, ZB,
    catalogue, synthetic_pod_ips,
};
use crate::netpol::{Matrix, NetpolError, Protocol};

const NAMES_FIXTURE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/netpol/netpol-test-names-v1.35.txt"
));

const TCP: Protocol = Protocol::Tcp;
const UDP: Protocol = Protocol::Udp;
const SCTP: Protocol = Protocol::Sctp;

fn all() -> Vec<Scenario> {
    catalogue(&TopologyNames::plain())
}

#[test]
fn catalogue_mirrors_all_48_traffic_tests_with_unique_names() {
    let scenarios = all();
    assert_eq!(scenarios.len(), 48);
    let names: BTreeSet<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.len(), 48);
    let by_suite = |suite| {
        scenarios
            .iter()
            .filter(|s| s.upstream.suite == suite)
            .count()
    };
    assert_eq!(
        (
            by_suite(Suite::Default),
            by_suite(Suite::Udp),
            by_suite(Suite::Sctp)
        ),
        (42, 3, 3)
    );
    for s in &scenarios {
        assert_eq!(s.name, s.upstream.full_name());
        assert!(
            s.steps
                .iter()
                .any(|step| matches!(step, Step::Probe { .. })),
            "{}",
            s.name
        );
    }
}

#[test]
fn created_policies_have_unique_names_and_serialize() {
    for s in all() {
        let mut created = BTreeSet::new();
        for step in &s.steps {
            if let Step::CreatePolicy(t) = step {
                assert!(
                    created.insert((t.namespace, t.name().to_owned())),
                    "{}: {} twice",
                    s.name,
                    t.name()
                );
            }
            if let Step::UpdatePolicy(t) = step {
                assert!(
                    created.contains(&(t.namespace, t.name().to_owned())),
                    "{}: update before create",
                    s.name
                );
            }
        }
        let json = serde_json::to_value(&s).unwrap_or_default();
        assert_eq!(json["name"], s.name.as_str());
        let first_policy = json["steps"]
            .as_array()
            .and_then(|steps| steps.iter().find_map(|st| st.get("createPolicy")))
            .map(|t| t["policy"]["kind"].clone());
        assert_eq!(
            first_policy,
            Some(serde_json::json!("NetworkPolicy")),
            "{}",
            s.name
        );
    }
}

#[test]
fn names_equal_the_upstream_junit_names() {
    let upstream: BTreeSet<&str> = NAMES_FIXTURE
        .lines()
        .filter_map(|line| line.strip_prefix("[It] "))
        .collect();
    assert_eq!(upstream.len(), 50);
    let scenarios = all();
    let ours_owned: BTreeSet<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    for name in &ours_owned {
        assert!(
            upstream.contains(name.as_str()),
            "not an upstream name: {name}"
        );
    }
    let missing: Vec<&&str> = upstream
        .iter()
        .filter(|n| !ours_owned.contains(**n))
        .collect();
    assert_eq!(
        missing,
        vec![
            &"[sig-network] Netpol API should support creating NetworkPolicy API operations",
            &"[sig-network] Netpol API should support creating NetworkPolicy API with endport field",
        ]
    );
}

#[test]
fn scs_waiver_regexes_select_the_same_scenarios_as_upstream_names() {
    let waivers = [
        "Netpol NetworkPolicy between server and client should allow ingress access from updated namespace",
        "Feature:SCTPConnectivity",
        "should.allow.egress.access.to.server.in.CIDR.block",
        "should.ensure.an.IP.overlapping.both.IPBlock.CIDR.and.IPBlock.Except.is.allowed",
        "should.enforce.except.clause.while.egress.access.to.server.in.CIDR.block",
    ];
    let regexes: Vec<regex::Regex> = waivers
        .iter()
        .map(|w| regex::Regex::new(w).expect("waiver regex"))
        .collect();
    let waived: Vec<String> = all()
        .into_iter()
        .filter(|s| regexes.iter().any(|r| r.is_match(&s.name)))
        .map(|s| s.upstream.it.to_owned() + " / " + s.upstream.suite.describe())
        .collect();
    assert_eq!(waived.len(), 7, "{waived:#?}");
}

#[test]
fn every_scenario_yields_expected_matrices_for_ipv4_and_ipv6() {
    for family in [IpFamily::V4, IpFamily::V6] {
        let ips = synthetic_pod_ips(family);
        for s in all() {
            let probes = s
                .expected_probes(&ips)
                .unwrap_or_else(|e| panic!("{}: {e}", s.name));
            let probe_steps = s
                .steps
                .iter()
                .filter(|st| matches!(st, Step::Probe { .. }))
                .count();
            assert_eq!(probes.len(), probe_steps, "{}", s.name);
            for p in &probes {
                assert_eq!(p.expected.pods, s.pod_keys(), "{}", s.name);
                assert_eq!(p.expected.allowed.len(), s.pods.len() * s.pods.len());
                assert!(s.protocols.contains(&p.expected.protocol), "{}", s.name);
                assert!(s.ports.contains(&p.expected.port), "{}", s.name);
            }
        }
    }
}

#[test]
fn ip_block_scenarios_need_pod_ips_and_say_so() {
    let needing: Vec<String> = all()
        .into_iter()
        .filter(Scenario::needs_pod_ips)
        .map(|s| s.upstream.it.to_owned())
        .collect();
    assert_eq!(
        needing,
        vec![
            "should allow egress access to server in CIDR block",
            "should enforce except clause while egress access to server in CIDR block",
            "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed",
        ]
    );
    let cidr = all()
        .into_iter()
        .find(Scenario::needs_pod_ips)
        .expect("a CIDR scenario");
    let err = cidr.expected_probes(&Default::default());
    assert!(matches!(err, Err(NetpolError::MissingPodIp { ref pod, .. }) if pod == "y/b"));
}

#[test]
fn ip_blocks_are_filled_like_upstream() {
    let scenario = all()
        .into_iter()
        .find(|s| {
            s.upstream.it
                == "should enforce except clause while egress access to server in CIDR block"
        })
        .expect("scenario");
    let Some(Step::CreatePolicy(template)) = scenario.steps.first() else {
        panic!("first step creates the policy");
    };
    for (family, cidr, except) in [
        (IpFamily::V4, "0.0.0.0/4", "10.244.1.11/32"),
        (IpFamily::V6, "f000::/4", "fd00:10:244::1:b/128"),
    ] {
        let policy = template
            .resolve(&scenario.name, &synthetic_pod_ips(family))
            .expect("resolves");
        let block = policy
            .spec
            .and_then(|s| s.egress)
            .and_then(|e| e.into_iter().next())
            .and_then(|r| r.to)
            .and_then(|t| t.into_iter().next())
            .and_then(|p| p.ip_block)
            .expect("ipBlock");
        assert_eq!(block.cidr, cidr);
        assert_eq!(block.except, Some(vec![except.to_owned()]));
    }
}

#[test]
fn run_specific_namespace_names_flow_into_policies_and_matrices() {
    let names = TopologyNames::with_run_id("netpol", "r1");
    assert_eq!(names.x, "netpol-x-r1");
    let scenarios = catalogue(&names);
    let s = scenarios
        .iter()
        .find(|s| {
            s.upstream.it == "should enforce policy based on Ports"
                && s.upstream.suite == Suite::Default
        })
        .expect("scenario");
    let probes = s
        .expected_probes(&synthetic_pod_ips(IpFamily::V4))
        .expect("probes");
    let m = &probes.first().expect("one probe").expected;
    assert_eq!(m.pods.first().map(String::as_str), Some("netpol-x-r1/a"));
    assert_eq!(m.lookup("netpol-y-r1/a", "netpol-x-r1/a"), Some(true));
    assert_eq!(m.lookup("netpol-z-r1/a", "netpol-x-r1/a"), Some(false));
    let Some(Step::CreatePolicy(t)) = s.steps.first() else {
        panic!("creates a policy");
    };
    assert_eq!(t.policy.metadata.namespace.as_deref(), Some("netpol-x-r1"));
    assert_eq!(
        names.labels(NsKey::Y).get("ns").map(String::as_str),
        Some("y"),
        "namespaces carry ns=x|y|z"
    );
}

#[test]
fn default_deny_ingress_renders_like_the_upstream_truth_table() {
    let s = all().into_iter().next().expect("first scenario");
    assert_eq!(
        s.name,
        "[sig-network] Netpol NetworkPolicy between server and client should support a 'default-deny-ingress' policy [Feature:NetworkPolicy]"
    );
    let probes = s
        .expected_probes(&synthetic_pod_ips(IpFamily::V4))
        .expect("probes");
    assert_eq!(
        probes
            .first()
            .map(|p| p.expected.render())
            .unwrap_or_default(),
        "-\tx/a\tx/b\ty/a\ty/b\n\
         x/a\tX\tX\t.\t.\n\
         x/b\tX\tX\t.\t.\n\
         y/a\tX\tX\t.\t.\n\
         y/b\tX\tX\t.\t."
    );
}

/// Upstream `Peer`: an empty field is a wildcard.
#[derive(Clone, Copy)]
struct P(Option<NsKey>, Option<PodName>);

const ANY: P = P(None, None);
const NS_X: P = P(Some(NsKey::X), None);
const NS_Y: P = P(Some(NsKey::Y), None);
const NS_Z: P = P(Some(NsKey::Z), None);

fn one(pod: PodRef) -> P {
    P(Some(pod.ns), Some(pod.pod))
}

/// Upstream `NewReachability(pods, true)` and its `Expect*` helpers.
struct Reach {
    pods: Vec<PodRef>,
    m: Matrix,
}

impl Reach {
    fn new(s: &Scenario, port: u16, protocol: Protocol) -> Self {
        Self {
            pods: s.pods.clone(),
            m: Matrix::filled(port, protocol, s.pod_keys(), true),
        }
    }
    fn peer(mut self, from: P, to: P, value: bool) -> Self {
        let hits = |p: P, pod: &PodRef| {
            p.0.is_none_or(|n| n == pod.ns) && p.1.is_none_or(|n| n == pod.pod)
        };
        for (f, fp) in self.pods.iter().enumerate() {
            for (t, tp) in self.pods.iter().enumerate() {
                if hits(from, fp) && hits(to, tp) {
                    self.m.set(f, t, value);
                }
            }
        }
        self
    }
    fn expect(self, from: PodRef, to: PodRef, value: bool) -> Self {
        self.peer(one(from), one(to), value)
    }
    fn all_ingress(self, to: PodRef, value: bool) -> Self {
        self.peer(ANY, one(to), value)
    }
    fn all_egress(self, from: PodRef, value: bool) -> Self {
        self.peer(one(from), ANY, value)
    }
}

/// The truth tables of `network_policy.go`, transcribed from its `Expect*` calls, probe by probe.
fn upstream_expectations(s: &Scenario) -> Vec<Matrix> {
    let r = |port, proto| Reach::new(s, port, proto);
    let done = |reaches: Vec<Reach>| reaches.into_iter().map(|r| r.m).collect();
    let proto = s.protocols.first().copied().unwrap_or(TCP);
    match (s.upstream.suite, s.upstream.it) {
        (_, "should support a 'default-deny-ingress' policy") => {
            done(vec![r(80, proto).peer(ANY, NS_X, false)])
        }
        (_, "should support a 'default-deny-all' policy") => done(vec![
            r(80, TCP).peer(ANY, NS_X, false).peer(NS_X, ANY, false),
        ]),
        (
            _,
            "should enforce policy to allow traffic from pods within server namespace based on PodSelector",
        )
        | (_, "should enforce policy based on PodSelector with MatchExpressions") => {
            done(vec![r(80, TCP).all_ingress(XA, false).expect(XB, XA, true)])
        }
        (_, "should enforce policy to allow ingress traffic for a target") => done(vec![
            r(80, TCP).all_ingress(XA, true).all_ingress(XB, false),
        ]),
        (_, "should enforce policy to allow ingress traffic from pods in all namespaces") => {
            done(vec![r(80, TCP)])
        }
        (
            _,
            "should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector",
        )
        | (_, "should enforce policy based on NamespaceSelector with MatchExpressions")
        | (
            _,
            "should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label",
        ) => done(vec![r(80, TCP).peer(NS_X, one(XA), false).peer(
            NS_Z,
            one(XA),
            false,
        )]),
        (_, "should enforce policy based on PodSelector or NamespaceSelector") => {
            done(vec![r(80, TCP).expect(XA, XA, false).expect(XC, XA, false)])
        }
        (_, "should enforce policy based on PodSelector and NamespaceSelector") => done(vec![
            r(80, TCP)
                .all_ingress(XA, false)
                .expect(YB, XA, true)
                .expect(ZB, XA, true),
        ]),
        (_, "should enforce policy based on Multiple PodSelectors and NamespaceSelectors") => {
            done(vec![
                r(80, TCP).peer(NS_X, one(XA), false).expect(YA, XA, false),
            ])
        }
        (_, "should enforce policy based on any PodSelectors") => done(vec![
            r(80, TCP)
                .all_ingress(XA, false)
                .expect(XB, XA, true)
                .expect(XC, XA, true),
        ]),
        (
            _,
            "should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector",
        ) => done(vec![
            r(80, proto).all_ingress(XA, false).expect(YA, XA, true),
        ]),
        (Suite::Default, "should enforce policy based on Ports") => done(vec![
            r(81, TCP)
                .peer(NS_X, one(XA), false)
                .peer(NS_Y, one(XA), true)
                .peer(NS_Z, one(XA), false),
        ]),
        (_, "should enforce policy based on Ports") => {
            done(vec![r(81, proto).peer(NS_X, one(XA), false).peer(
                NS_Z,
                one(XA),
                false,
            )])
        }
        (_, "should enforce multiple, stacked policies with overlapping podSelectors") => {
            let allow = || {
                r(0, TCP)
                    .peer(NS_X, one(XA), false)
                    .peer(NS_Y, one(XA), true)
                    .peer(NS_Z, one(XA), false)
            };
            let with_port = |mut reach: Reach, port| {
                reach.m.port = port;
                reach
            };
            done(vec![
                with_port(allow(), 81),
                r(80, TCP).all_ingress(XA, false),
                with_port(allow(), 80),
            ])
        }
        (_, "should support allow-all policy") => done(vec![r(80, TCP), r(81, TCP)]),
        (_, "should allow ingress access on one named port") => {
            done(vec![r(81, TCP), r(80, TCP).peer(ANY, NS_X, false)])
        }
        (_, "should allow ingress access from namespace on one named port") => done(vec![
            r(80, TCP)
                .peer(NS_X, one(XA), false)
                .peer(NS_Z, one(XA), false),
            r(81, TCP).all_ingress(XA, false),
        ]),
        (_, "should allow egress access on one named port") => {
            done(vec![r(80, TCP), r(81, TCP).peer(NS_X, ANY, false)])
        }
        (_, "should enforce updated policy") => {
            done(vec![r(81, TCP), r(81, TCP).peer(ANY, NS_X, false)])
        }
        (_, "should allow ingress access from updated namespace") => done(vec![
            r(80, TCP).all_ingress(XA, false),
            r(80, TCP).all_ingress(XA, false).peer(NS_Y, ANY, true),
        ]),
        (_, "should allow ingress access from updated pod") => done(vec![
            r(80, TCP).all_ingress(XA, false),
            r(80, TCP).all_ingress(XA, false).expect(XB, XA, true),
        ]),
        (_, "should deny ingress from pods on other namespaces") => done(vec![
            r(80, TCP).peer(NS_Y, NS_X, false).peer(NS_Z, NS_X, false),
        ]),
        (_, "should deny ingress access to updated pod") => {
            done(vec![r(80, TCP), r(80, TCP).all_ingress(XA, false)])
        }
        (_, "should deny egress from pods based on PodSelector") => {
            done(vec![r(80, TCP).all_egress(XA, false)])
        }
        (_, "should deny egress from all pods in a namespace") => {
            done(vec![r(80, TCP).peer(NS_X, ANY, false)])
        }
        (_, "should work with Ingress, Egress specified together") => done(vec![
            r(80, TCP).all_ingress(XA, false).expect(XB, XA, true),
            r(81, TCP)
                .all_ingress(XA, false)
                .all_egress(XA, false)
                .expect(XB, XA, true),
        ]),
        (
            _,
            "should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)",
        ) => done(vec![
            r(80, TCP)
                .peer(one(XA), ANY, false)
                .peer(ANY, one(YA), false)
                .peer(one(XA), one(YA), true)
                .peer(ANY, one(YB), false),
        ]),
        (
            _,
            "should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector",
        ) => done(vec![r(80, TCP).all_egress(XA, false).expect(XA, YA, true)]),
        (
            _,
            "should enforce ingress policy allowing any port traffic to a server on a specific protocol",
        ) => done(vec![r(80, TCP), r(80, UDP).peer(ANY, one(XA), false)]),
        (
            _,
            "should enforce multiple ingress policies with ingress allow-all policy taking precedence",
        ) => done(vec![r(81, TCP).peer(ANY, NS_X, false), r(81, TCP)]),
        (
            _,
            "should enforce multiple egress policies with egress allow-all policy taking precedence",
        ) => done(vec![r(81, TCP).peer(NS_X, ANY, false), r(81, TCP)]),
        (_, "should stop enforcing policies after they are deleted") => done(vec![
            r(80, TCP).peer(NS_X, ANY, false).peer(ANY, NS_X, false),
            r(80, TCP),
        ]),
        (_, "should allow egress access to server in CIDR block") => {
            done(vec![r(80, TCP).all_egress(XA, false).expect(XA, YB, true)])
        }
        (_, "should enforce except clause while egress access to server in CIDR block") => {
            done(vec![r(80, TCP).expect(XA, XB, false)])
        }
        (_, "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed") => {
            done(vec![
                r(80, TCP).expect(XA, XB, false),
                r(80, TCP).all_egress(XA, false).expect(XA, XB, true),
            ])
        }
        (
            _,
            "should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector",
        ) => done(vec![r(80, TCP), r(80, TCP).all_ingress(XA, false)]),
        (
            _,
            "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
        ) => done(vec![r(81, TCP).peer(ANY, NS_X, false)]),
        (
            _,
            "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
        )
        | (_, "should not allow access by TCP when a policy specifies only UDP") => {
            done(vec![r(81, TCP).all_ingress(XA, false)])
        }
        (
            _,
            "should enforce policy based on NamespaceSelector with MatchExpressions using default ns label",
        ) => done(vec![r(80, TCP).peer(one(XA), NS_Y, false)]),
        (suite, it) => panic!("no upstream truth table transcribed for {suite:?} {it}"),
    }
}

#[test]
fn engine_expectations_equal_the_upstream_truth_tables_for_every_scenario() {
    for names in [
        TopologyNames::plain(),
        TopologyNames::with_run_id("netpol", "7"),
    ] {
        for family in [IpFamily::V4, IpFamily::V6] {
            let ips = synthetic_pod_ips(family);
            for s in catalogue(&names) {
                let computed: Vec<Matrix> = s
                    .expected_probes(&ips)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .into_iter()
                    .map(|p| p.expected)
                    .collect();
                let upstream = upstream_expectations(&s);
                assert_eq!(computed.len(), upstream.len(), "{}", s.name);
                for (i, (ours, theirs)) in computed.iter().zip(&upstream).enumerate() {
                    assert_eq!(
                        ours,
                        theirs,
                        "{} probe {i}:\nexpected (upstream):\n{}\nours:\n{}",
                        s.name,
                        theirs.render(),
                        ours.render()
                    );
                }
            }
        }
    }
}

#[test]
fn label_updates_and_cleanups_mirror_upstream() {
    let s = all()
        .into_iter()
        .find(|s| s.upstream.it == "should allow ingress access from updated pod")
        .expect("scenario");
    assert!(
        s.steps
            .iter()
            .any(|st| matches!(st, Step::AddPodLabels { pod, .. } if *pod == XB))
    );
    assert!(matches!(s.cleanup.as_slice(), [Step::ResetPodLabels { pod }] if *pod == XB));
    let before_label = s
        .cluster_before(2, &synthetic_pod_ips(IpFamily::V4))
        .expect("cluster");
    let after_label = s
        .cluster_before(3, &synthetic_pod_ips(IpFamily::V4))
        .expect("cluster");
    let labels_of_b = |c: &crate::netpol::Cluster| {
        c.pods
            .iter()
            .find(|p| p.name == "b")
            .map(|p| p.labels.len())
    };
    assert_eq!(labels_of_b(&before_label), Some(1));
    assert_eq!(labels_of_b(&after_label), Some(2));

    let ns = all()
        .into_iter()
        .find(|s| s.upstream.it == "should allow ingress access from updated namespace")
        .expect("scenario");
    assert!(
        matches!(ns.cleanup.as_slice(), [Step::RemoveNamespaceLabel { namespace: NsKey::Y, key }] if key == "ns2")
    );
    assert_eq!(ns.pods, vec![XA, YA]);
    let ports: Vec<String> = all()
        .into_iter()
        .find(|s| s.upstream.it == "should enforce ingress policy allowing any port traffic to a server on a specific protocol")
        .map(|s| s.container_ports().into_iter().map(|p| p.name).collect())
        .unwrap_or_default();
    assert_eq!(ports, vec!["serve-80-tcp", "serve-80-udp"]);
    let sctp = all()
        .into_iter()
        .filter(|s| s.protocols == vec![SCTP])
        .count();
    assert_eq!(sctp, 3);
}
