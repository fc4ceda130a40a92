//! A fake of the web servers `check versions --refresh` downloads from: plain HTTP on
//! `127.0.0.1:<random port>`, answering recorded responses by path (with query) and recording
//! what was asked, with which headers.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};

/// A request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path_and_query: String,
    pub headers: HashMap<String, String>,
}

pub struct FakeUpstream {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeUpstream {
    /// Serves `routes` (`/path?query` → body, status 200); anything else is a 404.
    pub fn start(routes: Vec<(String, String)>) -> FakeUpstream {
        let routes: Arc<HashMap<String, String>> = Arc::new(routes.into_iter().collect());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("address");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let record = Arc::clone(&seen);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let app = axum::Router::new().fallback(move |request: Request<Body>| {
                    let routes = Arc::clone(&routes);
                    let record = Arc::clone(&record);
                    async move { answer(&routes, &record, &request) }
                });
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
            });
        });
        FakeUpstream {
            addr,
            seen,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn answer(
    routes: &HashMap<String, String>,
    record: &Mutex<Vec<Seen>>,
    request: &Request<Body>,
) -> Response {
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let headers = request
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    record.lock().unwrap().push(Seen {
        path_and_query: path_and_query.clone(),
        headers,
    });
    match routes.get(&path_and_query) {
        Some(body) => (StatusCode::OK, body.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, "{\"error\":\"CVE_RECORD_DNE\"}").into_response(),
    }
}

impl Drop for FakeUpstream {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
