//! Capturing the certificate an API endpoint presents: one TLS handshake with a verifier that
//! records the chain and the verification result instead of refusing the connection, so that an
//! expired or foreign certificate can still be judged.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use crate::kubeapi::hardening::CertificateFacts;

/// Where the trust anchors for verification come from, as the kube client chooses them.
#[derive(Debug, Clone)]
pub enum Trust {
    /// CA certificates (DER) from the kubeconfig.
    Roots(Vec<Vec<u8>>),
    /// A PEM bundle file (in-cluster service-account CA).
    RootFile(std::path::PathBuf),
    /// No CA configured: the system trust store.
    System,
}

impl Trust {
    /// The trust the kube client would use for `config`.
    pub fn of(config: &kube::Config) -> Trust {
        if let Some(file) = &config.root_cert_file {
            Trust::RootFile(file.clone())
        } else if let Some(roots) = &config.root_cert {
            Trust::Roots(roots.clone())
        } else {
            Trust::System
        }
    }

    fn verifier(
        &self,
        provider: &Arc<CryptoProvider>,
    ) -> Result<Arc<dyn ServerCertVerifier>, String> {
        let ders: Vec<CertificateDer<'static>> = match self {
            Trust::System => {
                return rustls_platform_verifier::Verifier::new(provider.clone())
                    .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>)
                    .map_err(|e| format!("cannot load the system trust store: {e}"));
            }
            Trust::Roots(roots) => roots
                .iter()
                .map(|der| CertificateDer::from(der.clone()))
                .collect(),
            Trust::RootFile(path) => {
                let pem = std::fs::read(path)
                    .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?;
                CertificateDer::pem_slice_iter(&pem)
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("the CA file {} is not PEM: {e}", path.display()))?
            }
        };
        let mut store = RootCertStore::empty();
        for der in ders {
            store
                .add(der)
                .map_err(|e| format!("a CA certificate of the kubeconfig is not usable: {e}"))?;
        }
        WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
            .build()
            .map(|v| v as Arc<dyn ServerCertVerifier>)
            .map_err(|e| format!("cannot verify against the kubeconfig's CA: {e}"))
    }
}

/// What the verifier saw during the handshake.
#[derive(Debug, Default)]
struct Seen {
    chain: Vec<CertificateDer<'static>>,
    verify_error: Option<String>,
}

/// Delegates every decision to `inner` but lets the handshake finish whatever it says about the
/// certificate, keeping the chain and the verdict. Nothing is sent over such a connection.
#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<dyn ServerCertVerifier>,
    seen: Mutex<Option<Seen>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verify_error = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .err()
            .map(|e| e.to_string());
        let chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.clone().into_owned())
            .collect();
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(Seen {
                chain,
                verify_error,
            });
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Dials `addr`, completes a TLS handshake for `server_name` and returns the presented leaf
/// certificate's validity and whether the chain verified against `trust`.
pub async fn capture(
    addr: SocketAddr,
    server_name: &str,
    trust: &Trust,
    timeout: Duration,
) -> Result<CertificateFacts, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(RecordingVerifier {
        inner: trust.verifier(&provider)?,
        seen: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let name = ServerName::try_from(server_name.to_string())
        .map_err(|e| format!("{server_name:?} is not a valid TLS server name: {e}"))?;
    let handshake = async {
        let tcp = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("cannot connect to {addr}: {e}"))?;
        TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS handshake with {addr} failed: {e}"))
    };
    let stream = tokio::time::timeout(timeout, handshake)
        .await
        .map_err(|_| format!("no TLS handshake with {addr} within {timeout:?}"))??;
    drop(stream);
    let seen = verifier
        .seen
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .ok_or_else(|| format!("{addr} completed the handshake without a certificate"))?;
    let leaf = seen
        .chain
        .first()
        .ok_or_else(|| format!("{addr} presented an empty certificate chain"))?;
    let (not_before, not_after) = validity(leaf)?;
    Ok(CertificateFacts {
        not_before,
        not_after,
        verified: seen.verify_error.is_none(),
        verify_error: seen.verify_error,
    })
}

/// notBefore and notAfter of a DER certificate.
pub fn validity(der: &[u8]) -> Result<(jiff::Timestamp, jiff::Timestamp), String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| format!("the server certificate cannot be parsed: {e}"))?;
    let validity = cert.validity();
    let at = |seconds: i64| {
        jiff::Timestamp::from_second(seconds)
            .map_err(|e| format!("the server certificate has an impossible date: {e}"))
    };
    Ok((
        at(validity.not_before.timestamp())?,
        at(validity.not_after.timestamp())?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier_error(trust: Trust) -> String {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        match trust.verifier(&provider) {
            Ok(_) => String::new(),
            Err(e) => e,
        }
    }

    #[test]
    fn unusable_trust_anchors_are_named() {
        let missing = std::path::PathBuf::from("/nonexistent/ca.crt");
        assert!(
            verifier_error(Trust::RootFile(missing))
                .contains("cannot read the CA file /nonexistent/ca.crt")
        );
        assert!(verifier_error(Trust::Roots(vec![b"junk".to_vec()])).contains("not usable"));
        assert!(verifier_error(Trust::Roots(Vec::new())).contains("cannot verify"));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(validity(b"not a certificate").is_err());
        assert!(validity(&[]).is_err());
    }
}
