//! Properties of canonicalisation and containment, and robustness against arbitrary input.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::prelude::*;
use serde_json::json;

use crate::kubeapi::cidr::{canonicalize, contains_all, has_host_bits, parse_entry};
use crate::kubeapi::hardening::flags::Flags;
use crate::kubeapi::restriction::judge_clusters;
use crate::kubeapi::tests::{cluster, openstack};

fn v4_entry() -> impl Strategy<Value = String> {
    (any::<[u8; 4]>(), 0u8..=32, any::<bool>()).prop_map(|(o, p, bare)| {
        let addr = Ipv4Addr::from(o);
        if bare {
            addr.to_string()
        } else {
            format!("{addr}/{p}")
        }
    })
}

fn v6_entry() -> impl Strategy<Value = String> {
    (any::<[u16; 8]>(), 0u8..=128, any::<bool>()).prop_map(|(s, p, bare)| {
        let addr = Ipv6Addr::from(s);
        if bare {
            addr.to_string()
        } else {
            format!("{addr}/{p}")
        }
    })
}

fn entry() -> impl Strategy<Value = String> {
    prop_oneof![v4_entry(), v6_entry(), "[0-9a-f:./ ]{0,20}", ".{0,24}"]
}

fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list
}

/// Networks inside 10.0.0.0/24, so that every address can be enumerated.
fn small_v4() -> impl Strategy<Value = IpNet> {
    (any::<u8>(), 24u8..=32).prop_map(|(last, prefix)| {
        let net = Ipv4Net::new(Ipv4Addr::new(10, 0, 0, last), prefix).unwrap_or_default();
        IpNet::V4(net.trunc())
    })
}

/// Networks inside 2001:db8::/120.
fn small_v6() -> impl Strategy<Value = IpNet> {
    (any::<u8>(), 120u8..=128).prop_map(|(last, prefix)| {
        let addr = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, u16::from(last));
        let net = Ipv6Net::new(addr, prefix).unwrap_or_default();
        IpNet::V6(net.trunc())
    })
}

fn all_v4_addresses() -> impl Iterator<Item = IpAddr> {
    (0..=255u8).map(|last| IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)))
}

fn all_v6_addresses() -> impl Iterator<Item = IpAddr> {
    (0..=255u16).map(|last| IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, last)))
}

fn explicitly_covered(
    outer: &[IpNet],
    inner: &IpNet,
    universe: impl Iterator<Item = IpAddr>,
) -> bool {
    universe
        .filter(|a| inner.contains(a))
        .all(|a| outer.iter().any(|o| o.contains(&a)))
}

proptest! {
    #[test]
    fn canonicalisation_is_idempotent(entries in prop::collection::vec(entry(), 0..12)) {
        let once = canonicalize(&entries);
        let twice = canonicalize(&once.valid_strings());
        prop_assert_eq!(&twice.valid, &once.valid);
        prop_assert!(twice.invalid.is_empty());
    }

    #[test]
    fn canonicalisation_ignores_order_and_duplicates(
        (entries, shuffled) in prop::collection::vec(entry(), 0..12)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        repeat in 0usize..4,
    ) {
        let mut shuffled = shuffled;
        shuffled.extend(entries.iter().take(repeat).cloned());
        let a = canonicalize(&entries);
        let b = canonicalize(&shuffled);
        prop_assert_eq!(&a.valid, &b.valid);
        prop_assert_eq!(sorted(a.invalid), sorted(b.invalid));
        prop_assert!(a.valid.windows(2).all(|w| w.first() < w.get(1)));
    }

    #[test]
    fn containment_is_reflexive(entries in prop::collection::vec(entry(), 0..12)) {
        let nets = canonicalize(&entries).valid;
        prop_assert!(contains_all(&nets, &nets));
        for net in &nets {
            prop_assert!(contains_all(&nets, std::slice::from_ref(net)));
        }
    }

    #[test]
    fn containment_matches_address_enumeration_v4(
        outer in prop::collection::vec(small_v4(), 0..6),
        inner in small_v4(),
    ) {
        let expected = explicitly_covered(&outer, &inner, all_v4_addresses());
        prop_assert_eq!(contains_all(&outer, &[inner]), expected);
    }

    #[test]
    fn containment_matches_address_enumeration_v6(
        outer in prop::collection::vec(small_v6(), 0..6),
        inner in small_v6(),
    ) {
        let expected = explicitly_covered(&outer, &inner, all_v6_addresses());
        prop_assert_eq!(contains_all(&outer, &[inner]), expected);
    }

    #[test]
    fn contained_networks_have_their_edge_addresses_covered(
        outer in prop::collection::vec(prop_oneof![v4_entry(), v6_entry()], 1..6),
        inner in prop_oneof![v4_entry(), v6_entry()],
    ) {
        let outer = canonicalize(&outer).valid;
        let inner = canonicalize(&[inner]).valid;
        if contains_all(&outer, &inner) {
            for net in &inner {
                for addr in [net.network(), net.broadcast()] {
                    prop_assert!(outer.iter().any(|o| o.contains(&addr)), "{} of {} not covered by {:?}", addr, net, outer);
                }
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(entries in prop::collection::vec(".*", 0..8)) {
        let c = canonicalize(&entries);
        prop_assert_eq!(c.valid.len() + c.invalid.len() <= entries.len(), true);
        for e in &entries {
            let _ = parse_entry(e);
            let _ = has_host_bits(e);
        }
        let _ = Flags::parse(&entries);
    }

    #[test]
    fn judging_arbitrary_cidr_lists_never_panics(
        requested in prop::collection::vec(entry(), 0..5),
        spec in prop::collection::vec(entry(), 0..5),
        status in prop::option::of(prop::collection::vec(entry(), 0..5)),
        provider in prop_oneof![Just("amphora".to_string()), Just("ovn".to_string()), ".{0,5}"],
        enabled in any::<bool>(),
    ) {
        let vars = json!([{"name": "apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs", "value": requested}]);
        let status = status.map_or(serde_json::Value::Null, |s| json!({"allowedCIDRs": s}));
        let infra = openstack("p", json!({"enabled": enabled, "provider": provider, "allowedCIDRs": spec}), status);
        let report = judge_clusters(&[cluster("p", vars), infra]);
        prop_assert_eq!(report.clusters.len(), 1);
        prop_assert!(report.clusters.iter().all(|c| !c.reason.is_empty()));
    }
}
