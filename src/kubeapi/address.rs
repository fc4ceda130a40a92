//! Whether an address of an API endpoint can be reached from the internet at large.
//!
//! Only the ranges that matter for "is this endpoint exposed" are told apart; everything that is not
//! in a special range counts as public.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

/// The class of an IP address, as far as exposure is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AddressClass {
    /// Globally routable.
    Public,
    /// RFC 1918 private ranges (10/8, 172.16/12, 192.168/16).
    Private,
    /// Carrier-grade NAT shared space (100.64.0.0/10, RFC 6598).
    SharedNat,
    /// 127.0.0.0/8 and ::1.
    Loopback,
    /// 169.254.0.0/16 and fe80::/10.
    LinkLocal,
    /// IPv6 unique local addresses (fc00::/7).
    UniqueLocal,
    /// Documentation ranges: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20.
    Documentation,
    /// Benchmarking range 198.18.0.0/15 (RFC 2544), not globally routable.
    Benchmarking,
    /// 0.0.0.0/8, ::, the broadcast address and multicast: never a reachable endpoint.
    Special,
}

impl AddressClass {
    /// True only for globally routable addresses.
    pub fn is_public(self) -> bool {
        self == AddressClass::Public
    }
}

/// Classifies an address. IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are judged as IPv4.
pub fn classify(addr: IpAddr) -> AddressClass {
    match addr {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

/// True when the address is globally routable.
pub fn is_public(addr: IpAddr) -> bool {
    classify(addr).is_public()
}

fn classify_v4(addr: Ipv4Addr) -> AddressClass {
    let [a, b, c, _] = addr.octets();
    match (a, b, c) {
        (10, _, _) | (192, 168, _) => AddressClass::Private,
        (172, 16..=31, _) => AddressClass::Private,
        (100, 64..=127, _) => AddressClass::SharedNat,
        (127, _, _) => AddressClass::Loopback,
        (169, 254, _) => AddressClass::LinkLocal,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => AddressClass::Documentation,
        (198, 18..=19, _) => AddressClass::Benchmarking,
        (0, _, _) | (224..=255, _, _) => AddressClass::Special,
        _ => AddressClass::Public,
    }
}

fn classify_v6(addr: Ipv6Addr) -> AddressClass {
    let segments = addr.segments();
    let first = segments.first().copied().unwrap_or_default();
    let second = segments.get(1).copied().unwrap_or_default();
    if addr.is_loopback() {
        AddressClass::Loopback
    } else if addr.is_unspecified() || first & 0xff00 == 0xff00 {
        AddressClass::Special
    } else if first & 0xffc0 == 0xfe80 {
        AddressClass::LinkLocal
    } else if first & 0xfe00 == 0xfc00 {
        AddressClass::UniqueLocal
    } else if (first == 0x2001 && second == 0x0db8) || first & 0xfff0 == 0x3ff0 {
        AddressClass::Documentation
    } else {
        AddressClass::Public
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> Option<AddressClass> {
        s.parse::<IpAddr>().ok().map(classify)
    }

    #[test]
    fn ipv4_ranges() {
        let cases = [
            ("10.8.0.1", AddressClass::Private),
            ("172.16.0.1", AddressClass::Private),
            ("172.31.255.255", AddressClass::Private),
            ("172.32.0.1", AddressClass::Public),
            ("192.168.1.1", AddressClass::Private),
            ("100.64.0.1", AddressClass::SharedNat),
            ("100.127.255.255", AddressClass::SharedNat),
            ("100.128.0.1", AddressClass::Public),
            ("127.0.0.1", AddressClass::Loopback),
            ("169.254.169.254", AddressClass::LinkLocal),
            ("192.0.2.10", AddressClass::Documentation),
            ("198.51.100.7", AddressClass::Documentation),
            ("203.0.113.1", AddressClass::Documentation),
            ("198.18.4.206", AddressClass::Benchmarking),
            ("0.0.0.0", AddressClass::Special),
            ("255.255.255.255", AddressClass::Special),
            ("8.8.8.8", AddressClass::Public),
            ("81.163.192.1", AddressClass::Public),
        ];
        for (addr, expected) in cases {
            assert_eq!(class(addr), Some(expected), "{addr}");
        }
    }

    #[test]
    fn ipv6_ranges() {
        let cases = [
            ("::1", AddressClass::Loopback),
            ("fe80::1", AddressClass::LinkLocal),
            ("fd00::1", AddressClass::UniqueLocal),
            ("fc00::1", AddressClass::UniqueLocal),
            ("2001:db8::1", AddressClass::Documentation),
            ("3fff::1", AddressClass::Documentation),
            ("ff02::1", AddressClass::Special),
            ("::", AddressClass::Special),
            ("::ffff:10.0.0.1", AddressClass::Private),
            ("2a01:4f8::1", AddressClass::Public),
        ];
        for (addr, expected) in cases {
            assert_eq!(class(addr), Some(expected), "{addr}");
        }
        assert_eq!(
            class("2a01:4f8::1").map(AddressClass::is_public),
            Some(true)
        );
    }
}
