//! The API endpoint as the kubeconfig names it: its addresses and the certificate it presents.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::commands::check::kubeapi::facts::tls::{self, Trust};
use crate::kubeapi::hardening::EndpointFacts;

/// Waiting for a handshake when the kubeconfig sets no connect timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Scheme, host and port of the server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl {
    /// `https` or `http`, lower case.
    pub scheme: String,
    /// Without the brackets of an IPv6 literal.
    pub host: String,
    /// The URL's port, or the scheme's default.
    pub port: u16,
}

impl ServerUrl {
    /// Reads the parts of `uri`; the port defaults to the scheme's.
    pub fn parse(uri: &http::Uri) -> Option<ServerUrl> {
        let scheme = uri.scheme_str().unwrap_or("https").to_ascii_lowercase();
        let host = uri
            .host()?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = uri
            .port_u16()
            .unwrap_or(if scheme == "http" { 80 } else { 443 });
        Some(ServerUrl { scheme, host, port })
    }
}

/// Resolves the host and, for https, captures the certificate. Problems become notes; the facts
/// say what could be learned.
pub async fn examine(config: &kube::Config, notes: &mut Vec<String>) -> Option<EndpointFacts> {
    let Some(url) = ServerUrl::parse(&config.cluster_url) else {
        notes.push(format!(
            "the server URL {} names no host; the endpoint was not examined",
            config.cluster_url
        ));
        return None;
    };
    let addresses = match url.host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, url.port)],
        Err(_) => match tokio::net::lookup_host((url.host.as_str(), url.port)).await {
            Ok(found) => dedup(found.collect()),
            Err(e) => {
                notes.push(format!("{} does not resolve: {e}", url.host));
                Vec::new()
            }
        },
    };
    let mut facts = EndpointFacts {
        host: url.host.clone(),
        port: Some(url.port),
        scheme: url.scheme.clone(),
        addresses: addresses.iter().map(SocketAddr::ip).collect(),
        certificate: None,
    };
    if url.scheme != "https" {
        return Some(facts);
    }
    if config.proxy_url.is_some() {
        notes.push(
            "the kubeconfig reaches the API through a proxy; the certificate was read by dialling the endpoint directly"
                .to_string(),
        );
    }
    if config.accept_invalid_certs {
        notes.push(
            "the kubeconfig sets insecure-skip-tls-verify: the certificate is judged as if it were verified"
                .to_string()
                + match &config.root_cert {
                    Some(_) => " against the kubeconfig's CA",
                    None => " against the system trust store (the kubeconfig names no CA)",
                },
        );
    }
    let server_name = config.tls_server_name.clone().unwrap_or(url.host);
    let timeout = config.connect_timeout.unwrap_or(DEFAULT_TIMEOUT);
    let trust = Trust::of(config);
    let mut last_error = None;
    for addr in &addresses {
        match tls::capture(*addr, &server_name, &trust, timeout).await {
            Ok(cert) => {
                facts.certificate = Some(cert);
                last_error = None;
                break;
            }
            Err(e) => last_error = Some(e),
        }
    }
    if let Some(e) = last_error {
        notes.push(format!("server certificate not read: {e}"));
    }
    Some(facts)
}

fn dedup(addresses: Vec<SocketAddr>) -> Vec<SocketAddr> {
    let mut out: Vec<SocketAddr> = Vec::with_capacity(addresses.len());
    for a in addresses {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<ServerUrl> {
        ServerUrl::parse(&text.parse().ok()?)
    }

    #[test]
    fn ports_default_to_the_scheme() {
        assert_eq!(
            parse("https://api.example.org"),
            Some(ServerUrl {
                scheme: "https".into(),
                host: "api.example.org".into(),
                port: 443
            })
        );
        assert_eq!(parse("http://10.0.0.1").map(|u| u.port), Some(80));
        assert_eq!(parse("https://10.0.0.1:6443").map(|u| u.port), Some(6443));
    }

    #[test]
    fn ipv6_literals_lose_their_brackets() {
        assert_eq!(
            parse("https://[fd00::1]:6443").map(|u| u.host),
            Some("fd00::1".to_string())
        );
    }
}
