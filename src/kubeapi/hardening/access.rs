//! Items about reaching the API at all: anonymous requests, the endpoint's addresses and its
//! certificate.

use std::net::IpAddr;

use jiff::{SignedDuration, Timestamp};

use crate::kubeapi::address;
use crate::kubeapi::hardening::{AnonymousProbe, EndpointFacts, Item, Status};

/// Paths that kube-apiserver's default `system:public-info-viewer` role opens to everyone.
const PUBLIC_INFO_PATHS: [&str; 4] = ["/version", "/healthz", "/readyz", "/livez"];

/// Certificates expiring sooner than this get a warning.
const EXPIRY_WARNING: SignedDuration = SignedDuration::from_hours(30 * 24);

fn is_public_info(path: &str) -> bool {
    PUBLIC_INFO_PATHS.iter().any(|p| {
        path == *p
            || path
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

fn success(status: Option<u16>) -> bool {
    status.is_some_and(|s| (200..300).contains(&s))
}

/// `anonymous-access`: nothing beyond health and version may be readable without credentials.
pub(super) fn anonymous_access(probes: &[AnonymousProbe]) -> Item {
    const ID: &str = "anonymous-access";
    const TITLE: &str = "Anonymous API access";
    if probes.is_empty() {
        return Item::new(
            ID,
            TITLE,
            Status::Unknown,
            "the API was not probed without credentials",
        );
    }
    let render = |p: &AnonymousProbe| match p.status {
        Some(code) => format!("{} {code}", p.path),
        None => format!("{} no answer", p.path),
    };
    let seen = probes.iter().map(render).collect::<Vec<_>>().join(", ");
    let readable: Vec<String> = probes
        .iter()
        .filter(|p| !is_public_info(&p.path) && success(p.status))
        .map(render)
        .collect();
    if !readable.is_empty() {
        return Item::new(
            ID,
            TITLE,
            Status::Fail,
            format!(
                "unauthenticated requests can read {}: remove bindings that grant system:anonymous or \
                 system:unauthenticated more than system:public-info-viewer, or set --anonymous-auth=false ({seen})",
                readable.join(", ")
            ),
        );
    }
    let answered: Vec<&AnonymousProbe> = probes
        .iter()
        .filter(|p| !is_public_info(&p.path) && p.status.is_some())
        .collect();
    if answered.is_empty() {
        return Item::new(
            ID,
            TITLE,
            Status::Unknown,
            format!("no HTTP answer for any path beyond health and version ({seen})"),
        );
    }
    let how = if answered.iter().all(|p| p.status == Some(401)) {
        "anonymous authentication is off (401)"
    } else {
        "anonymous requests are refused"
    };
    Item::new(
        ID,
        TITLE,
        Status::Pass,
        format!("{how}; only health and version endpoints may answer without credentials ({seen})"),
    )
}

/// The item for an endpoint check when the endpoint could not be looked at.
fn endpoint_not_examined(id: &str, title: &str) -> Item {
    Item::new(
        id,
        title,
        Status::Unknown,
        "the API endpoint was not examined",
    )
}

fn endpoint_addresses(endpoint: &EndpointFacts) -> Vec<IpAddr> {
    let host = endpoint.host.trim_start_matches('[').trim_end_matches(']');
    let mut addresses: Vec<IpAddr> = host.parse::<IpAddr>().into_iter().collect();
    for a in &endpoint.addresses {
        if !addresses.contains(a) {
            addresses.push(*a);
        }
    }
    addresses
}

/// `endpoint-address`: public or private addresses.
pub(super) fn endpoint_address(endpoint: Option<&EndpointFacts>) -> Item {
    const ID: &str = "endpoint-address";
    const TITLE: &str = "API endpoint exposure";
    let Some(endpoint) = endpoint else {
        return endpoint_not_examined(ID, TITLE);
    };
    let addresses = endpoint_addresses(endpoint);
    if addresses.is_empty() {
        return Item::new(
            ID,
            TITLE,
            Status::Unknown,
            format!("{} did not resolve to any address", endpoint.host),
        );
    }
    let described: Vec<String> = addresses
        .iter()
        .map(|a| format!("{a} ({:?})", address::classify(*a)))
        .collect();
    let public: Vec<String> = addresses
        .iter()
        .filter(|a| address::is_public(**a))
        .map(ToString::to_string)
        .collect();
    if public.is_empty() {
        Item::new(
            ID,
            TITLE,
            Status::Pass,
            format!(
                "{} has non-public addresses only: {}",
                endpoint.host,
                described.join(", ")
            ),
        )
    } else {
        Item::new(
            ID,
            TITLE,
            Status::Warn,
            format!(
                "{} is reachable on public address(es) {}: anyone on the internet can try to connect unless a \
                 load-balancer ACL or firewall restricts it (see the management view of check kubeapi)",
                endpoint.host,
                public.join(", ")
            ),
        )
    }
}

/// `endpoint-certificate`: TLS, validity window and verification.
pub(super) fn endpoint_certificate(endpoint: Option<&EndpointFacts>, now: Timestamp) -> Item {
    const ID: &str = "endpoint-certificate";
    const TITLE: &str = "API serving certificate";
    let Some(endpoint) = endpoint else {
        return endpoint_not_examined(ID, TITLE);
    };
    if !endpoint.scheme.eq_ignore_ascii_case("https") {
        return Item::new(
            ID,
            TITLE,
            Status::Fail,
            format!(
                "the API is served over {} without TLS; scs-0217 requires HTTPS endpoints",
                endpoint.scheme
            ),
        );
    }
    let Some(cert) = &endpoint.certificate else {
        return Item::new(
            ID,
            TITLE,
            Status::Unknown,
            "no TLS handshake completed, so no certificate was seen",
        );
    };
    let remaining = cert.not_after.duration_since(now);
    if remaining <= SignedDuration::ZERO {
        return Item::new(
            ID,
            TITLE,
            Status::Fail,
            format!(
                "the certificate expired at {}: renew the API server certificate",
                cert.not_after
            ),
        );
    }
    if cert.not_before > now {
        return Item::new(
            ID,
            TITLE,
            Status::Fail,
            format!(
                "the certificate is not valid before {} (clock skew or a wrongly issued certificate)",
                cert.not_before
            ),
        );
    }
    if !cert.verified {
        return Item::new(
            ID,
            TITLE,
            Status::Fail,
            format!(
                "the certificate did not verify against the kubeconfig's CA{}",
                cert.verify_error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            ),
        );
    }
    let days = remaining.as_secs() / 86_400;
    if remaining < EXPIRY_WARNING {
        return Item::new(
            ID,
            TITLE,
            Status::Warn,
            format!(
                "the certificate expires in {days} day(s), at {}: renew it soon",
                cert.not_after
            ),
        );
    }
    Item::new(
        ID,
        TITLE,
        Status::Pass,
        format!("verified; valid until {} ({days} days)", cert.not_after),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_paths_and_subpaths_are_public_info() {
        assert!(is_public_info("/healthz"));
        assert!(is_public_info("/readyz/ping"));
        assert!(!is_public_info("/readyzz"));
        assert!(!is_public_info("/api"));
    }
}
