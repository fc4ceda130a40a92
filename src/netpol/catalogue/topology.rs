//! The upstream test topology: namespaces x, y, z and pods a, b, c in each.
//!
//! Upstream (`test/e2e/network/netpol`) creates the namespaces through the e2e framework as
//! `<BaseName>-x-<random>` (BaseName `netpol`, `udp-network-policy` or `sctp-network-policy`), so
//! policies select them by the automatic `kubernetes.io/metadata.name` label with the real name.
//! Pods carry `pod=<name>` and one container port `serve-<port>-<proto>` per served port and
//! protocol (the names the named-port tests refer to).

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use crate::k8s::labels::Labels;
use crate::netpol::model::{NAMESPACE_NAME_LABEL, NamedPort, Protocol};

/// One of the three model namespaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NsKey {
    /// Namespace x (where the tests put their policies).
    X,
    /// Namespace y.
    Y,
    /// Namespace z.
    Z,
}

impl NsKey {
    /// x, y and z in model order.
    pub const ALL: [NsKey; 3] = [NsKey::X, NsKey::Y, NsKey::Z];

    /// `x`, `y` or `z`.
    pub fn as_str(self) -> &'static str {
        match self {
            NsKey::X => "x",
            NsKey::Y => "y",
            NsKey::Z => "z",
        }
    }
}

/// One of the three model pod names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PodName {
    /// Pod a.
    A,
    /// Pod b.
    B,
    /// Pod c.
    C,
}

impl PodName {
    /// `a`, `b` or `c`.
    pub fn as_str(self) -> &'static str {
        match self {
            PodName::A => "a",
            PodName::B => "b",
            PodName::C => "c",
        }
    }
}

/// A model pod such as x/a.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PodRef {
    /// Its namespace.
    pub ns: NsKey,
    /// Its name.
    pub pod: PodName,
}

impl PodRef {
    /// The pod's own labels as upstream creates it: `pod=<name>`.
    pub fn labels(self) -> Labels {
        Labels::from([("pod".to_owned(), self.pod.as_str().to_owned())])
    }
}

/// Model-level name such as `x/a` (namespace key, not the real namespace name).
impl fmt::Display for PodRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.ns.as_str(), self.pod.as_str())
    }
}

macro_rules! pod_refs {
    ($($name:ident = $ns:ident / $pod:ident),* $(,)?) => {
        $(
            #[doc = concat!("The model pod ", stringify!($name), ".")]
            pub const $name: PodRef = PodRef { ns: NsKey::$ns, pod: PodName::$pod };
        )*
    };
}

pod_refs!(
    XA = X / A,
    XB = X / B,
    XC = X / C,
    YA = Y / A,
    YB = Y / B,
    YC = Y / C,
    ZA = Z / A,
    ZB = Z / B,
    ZC = Z / C,
);

/// Real names of the three namespaces for one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopologyNames {
    /// Real name of namespace x.
    pub x: String,
    /// Real name of namespace y.
    pub y: String,
    /// Real name of namespace z.
    pub z: String,
}

impl TopologyNames {
    /// Namespaces literally named `x`, `y`, `z` (handy offline and in tests).
    pub fn plain() -> Self {
        Self {
            x: "x".into(),
            y: "y".into(),
            z: "z".into(),
        }
    }

    /// Upstream-style names `<base>-x-<suffix>` (upstream: `netpol-x-1234`), where `suffix` is a
    /// run id that keeps parallel or repeated runs apart.
    pub fn with_run_id(base: &str, suffix: &str) -> Self {
        let name = |key: &str| format!("{base}-{key}-{suffix}");
        Self {
            x: name("x"),
            y: name("y"),
            z: name("z"),
        }
    }

    /// Real name of a model namespace.
    pub fn get(&self, key: NsKey) -> &str {
        match key {
            NsKey::X => &self.x,
            NsKey::Y => &self.y,
            NsKey::Z => &self.z,
        }
    }

    /// Real `namespace/pod` name of a model pod, as matrices show it.
    pub fn pod_key(&self, pod: PodRef) -> String {
        format!("{}/{}", self.get(pod.ns), pod.pod.as_str())
    }

    /// Labels of a model namespace at creation: `ns=x|y|z` (older upstream models set it; no
    /// policy relies on it) and the automatic `kubernetes.io/metadata.name`, which the current
    /// upstream policies select on.
    pub fn labels(&self, key: NsKey) -> Labels {
        Labels::from([
            ("ns".to_owned(), key.as_str().to_owned()),
            (NAMESPACE_NAME_LABEL.to_owned(), self.get(key).to_owned()),
        ])
    }
}

/// IP address of each model pod, as observed in the cluster (needed for ipBlock scenarios).
pub type PodIps = BTreeMap<PodRef, IpAddr>;

/// Address family for [`synthetic_pod_ips`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpFamily {
    /// Addresses in 10.244.0.0/16.
    V4,
    /// Addresses in fd00:10:244::/64.
    V6,
}

/// Made-up pod IPs in one pod network, for computing expectations without a cluster.
pub fn synthetic_pod_ips(family: IpFamily) -> PodIps {
    let mut ips = PodIps::new();
    for (n, ns) in NsKey::ALL.into_iter().enumerate() {
        for (p, pod) in [PodName::A, PodName::B, PodName::C].into_iter().enumerate() {
            let host = u8::try_from(n * 3 + p + 10).unwrap_or(u8::MAX);
            let ip = match family {
                IpFamily::V4 => IpAddr::V4(Ipv4Addr::new(10, 244, 1, host)),
                IpFamily::V6 => IpAddr::V6(Ipv6Addr::new(
                    0xfd00,
                    0x10,
                    0x244,
                    0,
                    0,
                    0,
                    1,
                    u16::from(host),
                )),
            };
            ips.insert(PodRef { ns, pod }, ip);
        }
    }
    ips
}

/// Container ports of every model pod: `serve-<port>-<proto>` for each port and protocol.
pub fn serve_ports(ports: &[u16], protocols: &[Protocol]) -> Vec<NamedPort> {
    let mut out = Vec::new();
    for &port in ports {
        for &protocol in protocols {
            out.push(NamedPort {
                name: format!("serve-{port}-{}", protocol.as_str().to_lowercase()),
                port,
                protocol,
            });
        }
    }
    out
}
