//! Canonical forms of allowed-CIDR lists, so that lists written by people, by ClusterClass patches
//! and by the infrastructure provider can be compared.
//!
//! Canonical means: every bare address becomes a host network (`/32` or `/128`), host bits are
//! cleared (`10.0.0.5/8` means `10.0.0.0/8` to every load balancer), and the list is sorted and
//! de-duplicated. Entries that are neither an address nor a CIDR are kept aside verbatim so that a
//! report can name them.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

/// A list of allowed-CIDR entries split into the networks it denotes and the entries that do not
/// parse.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Canonical {
    /// Parsed networks with host bits cleared, sorted (IPv4 before IPv6) and de-duplicated.
    pub valid: Vec<IpNet>,
    /// Entries that are neither an IP address nor a CIDR, in input order, de-duplicated.
    pub invalid: Vec<String>,
}

impl Canonical {
    /// The valid networks rendered as strings (`203.0.113.0/24`, `2001:db8::1/128`).
    pub fn valid_strings(&self) -> Vec<String> {
        to_strings(&self.valid)
    }

    /// True when nothing, valid or invalid, was listed.
    pub fn is_empty(&self) -> bool {
        self.valid.is_empty() && self.invalid.is_empty()
    }
}

/// Parses one entry exactly as written: a CIDR (`192.0.2.0/24`) or a bare address (`192.0.2.7`,
/// which becomes `/32`; `2001:db8::1`, which becomes `/128`). Host bits are kept; surrounding
/// whitespace makes the entry invalid, as it does for the OpenStack provider.
pub fn parse_entry(entry: &str) -> Option<IpNet> {
    if let Ok(net) = entry.parse::<IpNet>() {
        return Some(net);
    }
    entry.parse::<IpAddr>().ok().map(IpNet::from)
}

/// True when the entry parses but has host bits set (`10.0.0.5/8`), so that it means a larger
/// network than it seems to.
pub fn has_host_bits(entry: &str) -> bool {
    parse_entry(entry).is_some_and(|net| net != net.trunc())
}

/// Canonicalises a list of allowed-CIDR entries.
pub fn canonicalize(entries: &[String]) -> Canonical {
    let mut valid = Vec::with_capacity(entries.len());
    let mut invalid: Vec<String> = Vec::new();
    for entry in entries {
        match parse_entry(entry) {
            Some(net) => valid.push(net.trunc()),
            None => {
                if !invalid.contains(entry) {
                    invalid.push(entry.clone());
                }
            }
        }
    }
    valid.sort();
    valid.dedup();
    Canonical { valid, invalid }
}

/// True when every network of `inner` lies within the union of the networks of `outer`.
///
/// The union matters: `10.0.0.0/8` is covered by `10.0.0.0/9` plus `10.128.0.0/9`. Networks of one
/// address family never cover the other family.
pub fn contains_all(outer: &[IpNet], inner: &[IpNet]) -> bool {
    if inner.is_empty() {
        return true;
    }
    let merged = IpNet::aggregate(&outer.to_vec());
    inner
        .iter()
        .all(|needle| merged.iter().any(|net| net.contains(needle)))
}

/// The networks of `inner` that are not covered by the union of `outer`.
pub fn not_contained(outer: &[IpNet], inner: &[IpNet]) -> Vec<IpNet> {
    let merged = IpNet::aggregate(&outer.to_vec());
    inner
        .iter()
        .filter(|needle| !merged.iter().any(|net| net.contains(*needle)))
        .copied()
        .collect()
}

/// True for a network that admits every address of its family (`0.0.0.0/0`, `::/0`).
pub fn is_world(net: &IpNet) -> bool {
    net.prefix_len() == 0
}

/// Renders networks as strings in their canonical notation.
pub fn to_strings(nets: &[IpNet]) -> Vec<String> {
    nets.iter().map(ToString::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        canonicalize(&strings(list)).valid
    }

    #[test]
    fn bare_addresses_become_host_networks_and_lists_are_sorted() {
        let c = canonicalize(&strings(&[
            "203.0.113.0/24",
            "198.51.100.7",
            "2001:db8::1",
            "198.51.100.7/32",
        ]));
        assert_eq!(
            c.valid_strings(),
            strings(&["198.51.100.7/32", "203.0.113.0/24", "2001:db8::1/128"])
        );
        assert!(c.invalid.is_empty());
    }

    #[test]
    fn invalid_entries_are_kept_aside_once() {
        let c = canonicalize(&strings(&[
            "none",
            "192.0.2.0/24",
            "none",
            " 10.0.0.0/8",
            "",
        ]));
        assert_eq!(c.valid_strings(), strings(&["192.0.2.0/24"]));
        assert_eq!(c.invalid, strings(&["none", " 10.0.0.0/8", ""]));
    }

    #[test]
    fn host_bits_are_cleared_and_reported() {
        assert_eq!(nets(&["10.1.2.3/8"]), nets(&["10.0.0.0/8"]));
        assert!(has_host_bits("10.1.2.3/8"));
        assert!(!has_host_bits("10.0.0.0/8"));
        assert!(!has_host_bits("none"));
    }

    #[test]
    fn containment_uses_the_union_of_outer_networks() {
        let outer = nets(&["10.0.0.0/9", "10.128.0.0/9"]);
        assert!(contains_all(&outer, &nets(&["10.0.0.0/8"])));
        assert!(!contains_all(
            &nets(&["10.0.0.0/9"]),
            &nets(&["10.0.0.0/8"])
        ));
        assert_eq!(
            not_contained(
                &nets(&["10.0.0.0/9"]),
                &nets(&["10.0.0.0/8", "10.1.0.0/16"])
            ),
            nets(&["10.0.0.0/8"])
        );
    }

    #[test]
    fn families_never_cover_each_other() {
        assert!(!contains_all(&nets(&["::/0"]), &nets(&["192.0.2.0/24"])));
        assert!(!contains_all(
            &nets(&["0.0.0.0/0"]),
            &nets(&["2001:db8::/32"])
        ));
    }

    #[test]
    fn world_networks_are_recognised() {
        assert!(nets(&["0.0.0.0/0", "::/0"]).iter().all(is_world));
        assert!(nets(&["1.2.3.4/0"]).iter().all(is_world));
        assert!(!nets(&["0.0.0.0/1"]).iter().any(is_world));
    }
}
