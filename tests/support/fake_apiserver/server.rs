//! Starting and stopping the server, its shared state, and the builder.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use regex::Regex;
use serde_json::Value;

use super::faults::Fault;
use super::handle::Store;
use super::hooks::{
    AccessHandler, AccessQuery, AccessRule, CreateHook, ExecHandler, ExecRequest, ExecResult,
    RequestHook,
};
use super::kubeconfig::KubeconfigFile;
use super::loader::{files_in, parse_objects, read_objects};
use super::recorder::RecordedRequest;
use super::registry::Registry;
use super::routes;
use super::status::FakeResponse;
use super::store::State;
use super::{ADMIN_USER, EXEC_TOKEN, EXEC_USER, FakeError, TOKEN};

/// Settings fixed at start.
pub(crate) struct Config {
    pub git_version: String,
    /// `(token, user)` pairs accepted as bearer tokens.
    pub tokens: Vec<(String, String)>,
    /// Path prefixes anonymous requests may read.
    pub anonymous_paths: Vec<String>,
    /// Deny anonymous requests with 403 (anonymous auth on) instead of 401 (off).
    pub anonymous_forbidden: bool,
    pub on_create: Vec<(String, CreateHook)>,
    pub on_request: Vec<(String, Regex, RequestHook)>,
    pub access_denials: Vec<AccessRule>,
    pub access_handler: Option<AccessHandler>,
    pub exec: Option<ExecHandler>,
    pub bookmark_interval: Option<Duration>,
}

/// A configured pod log.
#[derive(Clone, Debug)]
pub(crate) struct PodLog {
    pub namespace: String,
    pub pod: String,
    pub container: Option<String>,
    pub text: String,
}

/// State shared by the server tasks and the test.
pub(crate) struct Shared {
    state: Mutex<State>,
    pub changes: tokio::sync::watch::Sender<u64>,
    pub config: Config,
    pub faults: Mutex<Vec<Fault>>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub logs: Mutex<Vec<PodLog>>,
    pub runtime: tokio::runtime::Handle,
    pub addr: SocketAddr,
}

/// Locks a mutex; a test that panicked while holding it does not poison the others.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// Reads the state.
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&lock(&self.state))
    }

    /// Changes the state and wakes the watches.
    pub fn mutate<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let (out, rv) = {
            let mut st = lock(&self.state);
            let out = f(&mut st);
            (out, st.rv)
        };
        self.changes.send_replace(rv);
        out
    }

    /// Groups removed by a `group_not_found` fault.
    pub fn hidden_groups(&self) -> Vec<String> {
        lock(&self.faults)
            .iter()
            .filter_map(|f| f.hidden_group().map(str::to_string))
            .collect()
    }

    /// A test-side handle on the store.
    pub fn store(self: &Arc<Self>) -> Store {
        Store {
            shared: Arc::clone(self),
        }
    }
}

enum Source {
    Path(PathBuf),
    Text(String, String),
    Value(Value),
}

/// Configures a [`FakeApiServer`] before it starts.
pub struct FakeApiServerBuilder {
    sources: Vec<Source>,
    config: Config,
    faults: Vec<Fault>,
    logs: Vec<PodLog>,
    fixed_time: Option<String>,
    system_namespaces: bool,
}

/// A fake kube-apiserver on `127.0.0.1:<random port>` (plain HTTP), served from a background
/// thread with its own tokio runtime. Dropping it stops the server.
pub struct FakeApiServer {
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeApiServer {
    /// A builder with the built-in kinds, no objects and the default token.
    pub fn builder() -> FakeApiServerBuilder {
        FakeApiServerBuilder {
            sources: Vec::new(),
            config: Config {
                git_version: "v1.36.2".into(),
                tokens: vec![
                    (TOKEN.into(), ADMIN_USER.into()),
                    (EXEC_TOKEN.into(), EXEC_USER.into()),
                ],
                anonymous_paths: ["/version", "/healthz", "/readyz", "/livez"]
                    .iter()
                    .map(|s| (*s).to_string())
                    .collect(),
                anonymous_forbidden: false,
                on_create: Vec::new(),
                on_request: Vec::new(),
                access_denials: Vec::new(),
                access_handler: None,
                exec: None,
                bookmark_interval: None,
            },
            faults: Vec::new(),
            logs: Vec::new(),
            fixed_time: None,
            system_namespaces: false,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// A kubeconfig for this server to adjust before writing (extra contexts, users, files).
    pub fn kubeconfig(&self) -> KubeconfigFile {
        KubeconfigFile::new(&self.url())
    }

    /// Writes `<dir>/kubeconfig`: context, cluster and user all named `fake`, the user with the
    /// default token. Returns the path.
    pub fn write_kubeconfig(&self, dir: &Path) -> PathBuf {
        self.kubeconfig().write(dir)
    }

    /// A `kube::Config` for this server (default context, default token).
    pub async fn kube_config(&self) -> kube::Config {
        let yaml = self.kubeconfig().to_yaml(Path::new("."));
        let kc = kube::config::Kubeconfig::from_yaml(&yaml)
            .unwrap_or_else(|e| panic!("fake kubeconfig does not parse: {e}"));
        kube::Config::from_custom_kubeconfig(kc, &kube::config::KubeConfigOptions::default())
            .await
            .unwrap_or_else(|e| panic!("fake kubeconfig is not usable: {e}"))
    }

    /// A `kube::Client` for this server.
    pub async fn client(&self) -> kube::Client {
        kube::Client::try_from(self.kube_config().await)
            .unwrap_or_else(|e| panic!("cannot build a client for the fake server: {e}"))
    }

    /// A `kube::Client` that authenticates with another bearer token (see
    /// `FakeApiServerBuilder::token`).
    pub async fn client_with_token(&self, token: &str) -> kube::Client {
        let yaml = self
            .kubeconfig()
            .user_token("fake", token)
            .to_yaml(Path::new("."));
        let kc = kube::config::Kubeconfig::from_yaml(&yaml)
            .unwrap_or_else(|e| panic!("fake kubeconfig does not parse: {e}"));
        let cfg =
            kube::Config::from_custom_kubeconfig(kc, &kube::config::KubeConfigOptions::default())
                .await
                .unwrap_or_else(|e| panic!("fake kubeconfig is not usable: {e}"));
        kube::Client::try_from(cfg)
            .unwrap_or_else(|e| panic!("cannot build a client for the fake server: {e}"))
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Forgets the recorded requests.
    pub fn reset_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// The test-side store API.
    pub fn store(&self) -> Store {
        self.shared.store()
    }

    /// Runs `f` on the store after `delay` (for example: clear finalizers later).
    pub fn after(&self, delay: Duration, f: impl FnOnce(&Store) + Send + 'static) {
        self.store().after(delay, f);
    }

    /// Adds a fault while running.
    pub fn add_fault(&self, fault: Fault) {
        lock(&self.shared.faults).push(fault);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Sets the text `pods/log` serves for a pod (any container when `container` is `None`).
    pub fn set_pod_log(&self, namespace: &str, pod: &str, container: Option<&str>, text: &str) {
        self.store().set_pod_log(namespace, pod, container, text);
    }
}

impl Drop for FakeApiServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl FakeApiServerBuilder {
    /// Loads every `*.yaml`/`*.yml`/`*.json` file of a directory (CRDs or objects).
    pub fn crds_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.sources.push(Source::Path(dir.as_ref().to_path_buf()));
        self
    }

    /// Loads a CRD file (any object file works the same way).
    pub fn crd_file(self, path: impl AsRef<Path>) -> Self {
        self.objects_file(path)
    }

    /// Loads objects from a YAML/JSON file or from every such file of a directory. CRDs are
    /// registered before any other object, whatever the order of the calls.
    pub fn objects_file(mut self, path: impl AsRef<Path>) -> Self {
        self.sources.push(Source::Path(path.as_ref().to_path_buf()));
        self
    }

    /// Loads objects from YAML or JSON text (`kind: List`, multi-document, or one object).
    pub fn objects_yaml(mut self, text: &str) -> Self {
        self.sources
            .push(Source::Text("objects_yaml".into(), text.to_string()));
        self
    }

    /// Loads one object (a `kind: List` is unpacked).
    pub fn object(mut self, obj: Value) -> Self {
        self.sources.push(Source::Value(obj));
        self
    }

    /// Loads several objects.
    pub fn objects(mut self, objs: impl IntoIterator<Item = Value>) -> Self {
        for o in objs {
            self.sources.push(Source::Value(o));
        }
        self
    }

    /// The `gitVersion` `/version` reports (default `v1.36.2`).
    pub fn git_version(mut self, v: &str) -> Self {
        self.config.git_version = v.to_string();
        self
    }

    /// Accepts another bearer token, authenticating as `user`.
    pub fn token(mut self, token: &str, user: &str) -> Self {
        self.config.tokens.push((token.into(), user.into()));
        self
    }

    /// The user the default token authenticates as (default `kubernetes-admin`); it appears
    /// in `Forbidden` messages.
    pub fn user(mut self, user: &str) -> Self {
        for (t, u) in &mut self.config.tokens {
            if t == TOKEN {
                *u = user.to_string();
            }
        }
        self
    }

    /// Lets anonymous requests read paths under this prefix too.
    pub fn anonymous_allow(mut self, path_prefix: &str) -> Self {
        self.config.anonymous_paths.push(path_prefix.to_string());
        self
    }

    /// Lets anonymous requests read nothing at all (not even `/version`).
    pub fn anonymous_deny_all(mut self) -> Self {
        self.config.anonymous_paths.clear();
        self
    }

    /// Denies other anonymous requests with 403 for `system:anonymous` instead of 401.
    pub fn anonymous_forbidden(mut self) -> Self {
        self.config.anonymous_forbidden = true;
        self
    }

    /// Injects a fault from the start.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Runs `f` before an object of `kind` (`Pod`, or `Kind.group`) is created through the API.
    pub fn on_create(
        mut self,
        kind: &str,
        f: impl Fn(&mut Value, &Store) -> Result<(), FakeResponse> + Send + Sync + 'static,
    ) -> Self {
        self.config.on_create.push((kind.to_string(), Arc::new(f)));
        self
    }

    /// Answers requests with `method` (or `"*"`) whose path matches `path_regex` when `f`
    /// returns `Some`. Panics on an invalid regex (a bug in the test).
    pub fn on_request(
        mut self,
        method: &str,
        path_regex: &str,
        f: impl Fn(&RecordedRequest) -> Option<FakeResponse> + Send + Sync + 'static,
    ) -> Self {
        let re = Regex::new(path_regex)
            .unwrap_or_else(|e| panic!("on_request: invalid regex {path_regex:?}: {e}"));
        self.config
            .on_request
            .push((method.to_ascii_uppercase(), re, Arc::new(f)));
        self
    }

    /// `SelfSubjectAccessReview` denies `verb` on `resource` (`pods`, `pods/exec`, `*`) in
    /// `namespace` (`None`: any). Everything else stays allowed.
    pub fn deny_access(mut self, verb: &str, resource: &str, namespace: Option<&str>) -> Self {
        self.config.access_denials.push(AccessRule {
            verb: verb.into(),
            resource: resource.into(),
            namespace: namespace.map(str::to_string),
        });
        self
    }

    /// Decides every `SelfSubjectAccessReview` with `f` (`true` = allowed).
    pub fn access_review(
        mut self,
        f: impl Fn(&AccessQuery) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.config.access_handler = Some(Arc::new(f));
        self
    }

    /// Serves `pods/log` text for a pod (any container when `container` is `None`).
    pub fn pod_log(
        mut self,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        text: &str,
    ) -> Self {
        self.logs.push(PodLog {
            namespace: namespace.into(),
            pod: pod.into(),
            container: container.map(str::to_string),
            text: text.into(),
        });
        self
    }

    /// Runs pod exec commands with `f`.
    pub fn exec(mut self, f: impl Fn(&ExecRequest) -> ExecResult + Send + Sync + 'static) -> Self {
        self.config.exec = Some(Arc::new(f));
        self
    }

    /// Sends a BOOKMARK this often on watches that allow bookmarks (default: only after the
    /// initial events and when the watch times out).
    pub fn bookmark_interval(mut self, every: Duration) -> Self {
        self.config.bookmark_interval = Some(every);
        self
    }

    /// Also creates the Namespace objects a real cluster would have: `default`, `kube-system`,
    /// `kube-public`, `kube-node-lease` and every namespace the loaded objects live in
    /// (fixtures from `kubectl get -o yaml` rarely include them).
    pub fn with_namespaces(mut self) -> Self {
        self.system_namespaces = true;
        self
    }

    /// Uses this timestamp (`2026-11-21T15:28:26Z`) for every creation and deletion time.
    pub fn fixed_time(mut self, rfc3339: &str) -> Self {
        self.fixed_time = Some(rfc3339.to_string());
        self
    }

    /// Starts the server; panics with the reason when a fixture cannot be loaded.
    pub fn start(self) -> FakeApiServer {
        self.try_start()
            .unwrap_or_else(|e| panic!("fake API server did not start: {e}"))
    }

    /// Starts the server.
    pub fn try_start(self) -> Result<FakeApiServer, FakeError> {
        let mut docs: Vec<(String, Value)> = Vec::new();
        for src in self.sources {
            match src {
                Source::Path(p) if p.is_dir() => {
                    for f in files_in(&p)? {
                        let origin = f.display().to_string();
                        docs.extend(read_objects(&f)?.into_iter().map(|o| (origin.clone(), o)));
                    }
                }
                Source::Path(p) => {
                    let origin = p.display().to_string();
                    docs.extend(read_objects(&p)?.into_iter().map(|o| (origin.clone(), o)));
                }
                Source::Text(origin, text) => {
                    docs.extend(
                        parse_objects(&text, &origin)?
                            .into_iter()
                            .map(|o| (origin.clone(), o)),
                    );
                }
                Source::Value(v) => {
                    let origin = "object".to_string();
                    docs.extend(
                        parse_objects(&v.to_string(), &origin)?
                            .into_iter()
                            .map(|o| (origin.clone(), o)),
                    );
                }
            }
        }
        let mut state = State::new(Registry::with_builtins(), self.fixed_time);
        let is_crd =
            |o: &Value| o.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition");
        let (crds, others): (Vec<_>, Vec<_>) = docs.into_iter().partition(|(_, o)| is_crd(o));
        for (origin, obj) in crds.into_iter().chain(others) {
            let rt = resolve_object_type(&state.registry, &origin, &obj)?;
            if rt.plural == "customresourcedefinitions" {
                super::resources::from_crd(&obj).map_err(|message| FakeError::InvalidObject {
                    origin: origin.clone(),
                    message: format!("CRD {}: {message}", super::object::meta_str(&obj, "name")),
                })?;
            }
            state.load(&rt, obj);
        }
        if self.system_namespaces {
            add_namespaces(&mut state);
        }
        state.floor = state.rv;
        let initial_rv = state.rv;

        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|e| FakeError::Start(format!("cannot bind 127.0.0.1:0: {e}")))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| FakeError::Start(format!("cannot make the listener non-blocking: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| FakeError::Start(format!("no local address: {e}")))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fake-apiserver")
            .enable_all()
            .build()
            .map_err(|e| FakeError::Start(format!("cannot build a tokio runtime: {e}")))?;
        let (changes, _) = tokio::sync::watch::channel(initial_rv);
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            changes,
            config: self.config,
            faults: Mutex::new(self.faults),
            requests: Mutex::new(Vec::new()),
            logs: Mutex::new(self.logs),
            runtime: runtime.handle().clone(),
            addr,
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let serve_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(format!("fake-apiserver-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let app = axum::Router::new()
                        .fallback(routes::handle)
                        .with_state(serve_shared);
                    let server = axum::serve(listener, app);
                    tokio::select! {
                        _ = server => {}
                        _ = rx => {}
                    }
                });
                runtime.shutdown_timeout(Duration::from_millis(200));
            })
            .map_err(|e| FakeError::Start(format!("cannot spawn the server thread: {e}")))?;
        Ok(FakeApiServer {
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }
}

/// Loads a Namespace object for the system namespaces and for every namespace in use.
fn add_namespaces(state: &mut State) {
    let Some(ns_type) = state.registry.find_plural("", "namespaces").cloned() else {
        return;
    };
    let mut names: Vec<String> = ["default", "kube-node-lease", "kube-public", "kube-system"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    let types: Vec<_> = state
        .registry
        .types
        .iter()
        .filter(|t| t.namespaced)
        .cloned()
        .collect();
    for t in &types {
        for (_, o) in state.list(t, None) {
            let ns = super::object::meta_str(o, "namespace").to_string();
            if !ns.is_empty() && !names.contains(&ns) {
                names.push(ns);
            }
        }
    }
    for n in names {
        if state.get(&ns_type, "", &n).is_none() {
            state.load(
                &ns_type,
                serde_json::json!({
                    "apiVersion": "v1",
                    "kind": "Namespace",
                    "metadata": {"name": n, "labels": {"kubernetes.io/metadata.name": n}},
                    "spec": {"finalizers": ["kubernetes"]},
                    "status": {"phase": "Active"}
                }),
            );
        }
    }
}

/// The resource type of an object from its `apiVersion` and `kind`.
pub(crate) fn resolve_object_type(
    reg: &Registry,
    origin: &str,
    obj: &Value,
) -> Result<super::resources::ResourceType, FakeError> {
    let api_version = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    let group = match api_version.rsplit_once('/') {
        Some((g, _)) => g,
        None => "",
    };
    reg.find_kind(group, kind)
        .cloned()
        .ok_or_else(|| FakeError::UnknownKind {
            origin: origin.to_string(),
            api_version: api_version.to_string(),
            kind: kind.to_string(),
        })
}
