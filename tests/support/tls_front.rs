//! A TLS front for the (plain HTTP) fake API server: terminates TLS on `127.0.0.1:<port>` with a
//! certificate for 127.0.0.1 issued by a fresh test CA, and forwards the bytes to the backend.
//! The certificate's validity is chosen by the test (expired, about to expire, long-lived).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, date_time_ymd};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A calendar day, for certificate validity.
#[derive(Clone, Copy, Debug)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// Today (UTC) shifted by `days`.
    pub fn today_plus(days: i64) -> Day {
        let date = jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .checked_add(jiff::Span::new().days(days))
            .expect("date in range");
        Day {
            year: i32::from(date.year()),
            month: u8::try_from(date.month()).expect("month"),
            day: u8::try_from(date.day()).expect("day"),
        }
    }

    /// A fixed day.
    pub const fn ymd(year: i32, month: u8, day: u8) -> Day {
        Day { year, month, day }
    }
}

/// The TLS front; dropping it stops it.
pub struct TlsFront {
    addr: SocketAddr,
    ca_pem: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A CA and a server certificate for 127.0.0.1 valid from `from` to `until` (midnight UTC).
fn certificates(
    from: Day,
    until: Day,
) -> (String, CertificateDer<'static>, PrivateKeyDer<'static>) {
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "kubectl-scs test CA");
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().expect("server key");
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
    params
        .distinguished_name
        .push(DnType::CommonName, "kube-apiserver");
    params.not_before = date_time_ymd(from.year, from.month, from.day);
    params.not_after = date_time_ymd(until.year, until.month, until.day);
    let cert = params.signed_by(&key, &issuer).expect("server certificate");
    (
        ca_cert.pem(),
        cert.der().clone(),
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    )
}

impl TlsFront {
    /// Starts a front for `backend` whose certificate is valid from `from` to `until`.
    pub fn start(backend: SocketAddr, from: Day, until: Day) -> TlsFront {
        let (ca_pem, cert, key) = certificates(from, until);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .expect("server config");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("address");
        let (tx, mut rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    tokio::select! {
                        _ = &mut rx => break,
                        accepted = listener.accept() => {
                            let Ok((tcp, _)) = accepted else { continue };
                            let acceptor = acceptor.clone();
                            tokio::spawn(async move {
                                // A client that rejects the certificate ends the handshake: fine.
                                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                                let Ok(mut upstream) = tokio::net::TcpStream::connect(backend).await else { return };
                                let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
                            });
                        }
                    }
                }
            });
            runtime.shutdown_timeout(Duration::from_millis(200));
        });
        TlsFront {
            addr,
            ca_pem,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    /// `https://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The PEM of the CA that issued this front's certificate.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// Writes the CA to `<dir>/ca.crt` and `<dir>/kubeconfig` (context `tls`, the fake server's
    /// default token) trusting it; returns the kubeconfig's path.
    pub fn write_kubeconfig(&self, dir: &Path) -> PathBuf {
        self.write_kubeconfig_trusting(dir, &self.ca_pem)
    }

    /// Like `write_kubeconfig`, trusting another CA.
    pub fn write_kubeconfig_trusting(&self, dir: &Path, ca_pem: &str) -> PathBuf {
        let ca = dir.join("ca.crt");
        std::fs::write(&ca, ca_pem).expect("write CA");
        let path = dir.join("kubeconfig");
        let text = format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: tls\nclusters:\n- name: tls\n  cluster:\n    server: {}\n    certificate-authority: {}\ncontexts:\n- name: tls\n  context:\n    cluster: tls\n    user: tls\n    namespace: default\nusers:\n- name: tls\n  user:\n    token: {}\n",
            self.url(),
            ca.display(),
            super::fake_apiserver::TOKEN
        );
        std::fs::write(&path, text).expect("write kubeconfig");
        path
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
