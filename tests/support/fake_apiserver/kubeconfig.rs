//! Temporary kubeconfig files pointing at the fake server.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{EXEC_TOKEN, TOKEN};

#[derive(Clone, Debug)]
enum UserAuth {
    Token(String),
    /// An exec credential plugin (a shell script written next to the file) printing this token.
    Exec(String),
    Anonymous,
}

/// A kubeconfig to adjust and write. It starts with cluster, user and context `fake`
/// (current), the user holding the default token.
#[derive(Clone, Debug)]
pub struct KubeconfigFile {
    file_name: String,
    clusters: Vec<(String, String)>,
    users: Vec<(String, UserAuth)>,
    contexts: Vec<(String, String, String, Option<String>)>,
    current: Option<String>,
    url: String,
}

fn q(s: &str) -> String {
    json!(s).to_string()
}

impl KubeconfigFile {
    pub(crate) fn new(url: &str) -> Self {
        KubeconfigFile {
            file_name: "kubeconfig".into(),
            clusters: vec![("fake".into(), url.to_string())],
            users: vec![("fake".into(), UserAuth::Token(TOKEN.into()))],
            contexts: vec![("fake".into(), "fake".into(), "fake".into(), None)],
            current: Some("fake".into()),
            url: url.to_string(),
        }
    }

    /// Removes every cluster, user and context and the current context (to build a second
    /// file for `KUBECONFIG` merge tests).
    pub fn clear(mut self) -> Self {
        self.clusters.clear();
        self.users.clear();
        self.contexts.clear();
        self.current = None;
        self
    }

    /// The file name `write` uses (default `kubeconfig`).
    pub fn file_name(mut self, name: &str) -> Self {
        self.file_name = name.to_string();
        self
    }

    /// Sets the namespace of context `fake`.
    pub fn namespace(self, namespace: &str) -> Self {
        self.context_namespace("fake", namespace)
    }

    /// Sets the namespace of a context.
    pub fn context_namespace(mut self, context: &str, namespace: &str) -> Self {
        for c in &mut self.contexts {
            if c.0 == context {
                c.3 = Some(namespace.to_string());
            }
        }
        self
    }

    /// Adds a context on cluster `fake` with user `fake`.
    pub fn context(self, name: &str, namespace: Option<&str>) -> Self {
        self.context_for(name, "fake", "fake", namespace)
    }

    /// Adds (or replaces) a context naming any cluster and user.
    pub fn context_for(
        mut self,
        name: &str,
        cluster: &str,
        user: &str,
        namespace: Option<&str>,
    ) -> Self {
        self.contexts.retain(|c| c.0 != name);
        self.contexts.push((
            name.into(),
            cluster.into(),
            user.into(),
            namespace.map(str::to_string),
        ));
        self
    }

    /// Adds (or replaces) a cluster; `server` "" means this fake server.
    pub fn cluster(mut self, name: &str, server: &str) -> Self {
        let server = if server.is_empty() {
            self.url.clone()
        } else {
            server.to_string()
        };
        self.clusters.retain(|c| c.0 != name);
        self.clusters.push((name.into(), server));
        self
    }

    /// Adds (or replaces) a user with a bearer token.
    pub fn user_token(mut self, name: &str, token: &str) -> Self {
        self.users.retain(|u| u.0 != name);
        self.users
            .push((name.into(), UserAuth::Token(token.into())));
        self
    }

    /// Makes a user authenticate through an exec credential plugin that prints the exec token
    /// (`EXEC_TOKEN`, user `EXEC_USER`).
    pub fn user_exec(self, name: &str) -> Self {
        self.user_exec_token(name, EXEC_TOKEN)
    }

    /// Makes a user authenticate through an exec credential plugin that prints `token`.
    pub fn user_exec_token(mut self, name: &str, token: &str) -> Self {
        self.users.retain(|u| u.0 != name);
        self.users.push((name.into(), UserAuth::Exec(token.into())));
        self
    }

    /// Adds (or replaces) a user without any credentials: its requests are anonymous.
    pub fn user_anonymous(mut self, name: &str) -> Self {
        self.users.retain(|u| u.0 != name);
        self.users.push((name.into(), UserAuth::Anonymous));
        self
    }

    /// Sets the current context.
    pub fn current_context(mut self, name: &str) -> Self {
        self.current = Some(name.to_string());
        self
    }

    /// Leaves `current-context` out.
    pub fn no_current_context(mut self) -> Self {
        self.current = None;
        self
    }

    fn plugin_path(dir: &Path, user: &str) -> PathBuf {
        dir.join(format!("fake-exec-credential-{user}"))
    }

    /// The YAML text; exec plugins are expected in `dir`.
    pub fn to_yaml(&self, dir: &Path) -> String {
        let mut y = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
        for (name, server) in &self.clusters {
            y.push_str(&format!(
                "- name: {}\n  cluster:\n    server: {}\n",
                q(name),
                q(server)
            ));
        }
        y.push_str("users:\n");
        for (name, auth) in &self.users {
            y.push_str(&format!("- name: {}\n  user:", q(name)));
            match auth {
                UserAuth::Token(t) => y.push_str(&format!("\n    token: {}\n", q(t))),
                UserAuth::Exec(_) => {
                    let cmd = Self::plugin_path(dir, name);
                    y.push_str(&format!(
                        "\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {}\n      interactiveMode: Never\n",
                        q(&cmd.display().to_string())
                    ));
                }
                UserAuth::Anonymous => y.push_str(" {}\n"),
            }
        }
        y.push_str("contexts:\n");
        for (name, cluster, user, ns) in &self.contexts {
            y.push_str(&format!(
                "- name: {}\n  context:\n    cluster: {}\n    user: {}\n",
                q(name),
                q(cluster),
                q(user)
            ));
            if let Some(ns) = ns {
                y.push_str(&format!("    namespace: {}\n", q(ns)));
            }
        }
        if self.clusters.is_empty() {
            y = y.replace("clusters:\n", "clusters: []\n");
        }
        if self.users.is_empty() {
            y = y.replace("users:\n", "users: []\n");
        }
        if self.contexts.is_empty() {
            y = y.replace("contexts:\n", "contexts: []\n");
        }
        if let Some(c) = &self.current {
            y.push_str(&format!("current-context: {}\n", q(c)));
        }
        y
    }

    /// Writes the file (and any exec plugin script) into `dir`; returns the file's path.
    /// Panics when the directory is not writable (a broken test setup).
    pub fn write(&self, dir: &Path) -> PathBuf {
        for (name, auth) in &self.users {
            if let UserAuth::Exec(token) = auth {
                let path = Self::plugin_path(dir, name);
                let credential = json!({
                    "apiVersion": "client.authentication.k8s.io/v1",
                    "kind": "ExecCredential",
                    "status": { "token": token },
                });
                let script = format!("#!/bin/sh\ncat <<'EOF'\n{credential}\nEOF\n");
                write_file(&path, &script);
                make_executable(&path);
            }
        }
        let path = dir.join(&self.file_name);
        write_file(&path, &self.to_yaml(dir));
        path
    }
}

fn write_file(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) {}
