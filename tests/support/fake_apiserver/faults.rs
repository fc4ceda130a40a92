//! Faults a test can inject: 401 for everything, 403 on a path, a whole group gone, 500, a hang.

use super::paths::Target;

/// What a fault does to the requests it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultAction {
    /// 401 `Unauthorized` (as for a bad token).
    Unauthorized,
    /// 403 `Forbidden` in the RBAC authorizer's words (resource requests only; discovery stays allowed).
    Forbidden,
    /// The group is not installed: plain-text 404 and absent from discovery.
    GroupNotFound(String),
    /// 500 `InternalError` with this message.
    InternalError(String),
    /// A failure `Status` with any code, reason and message (429, 503, …).
    Status {
        code: u16,
        reason: String,
        message: String,
    },
    /// Never answer.
    Hang,
}

/// A fault: an action, the requests it applies to, and how often.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub(crate) action: FaultAction,
    /// Kubernetes verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`,
    /// `deletecollection`); `None` for any.
    pub(crate) verb: Option<String>,
    /// Request paths (without query) that start with this; "" for all.
    pub(crate) path_prefix: String,
    /// How many more requests it affects; `None` for all.
    pub(crate) remaining: Option<usize>,
}

impl Fault {
    fn new(action: FaultAction, verb: Option<&str>, path_prefix: &str) -> Self {
        Fault {
            action,
            verb: verb.filter(|v| *v != "*").map(str::to_string),
            path_prefix: path_prefix.to_string(),
            remaining: None,
        }
    }

    /// 401 for every request.
    pub fn unauthorized() -> Self {
        Self::new(FaultAction::Unauthorized, None, "")
    }

    /// 403 for `verb` (or `"*"`) on resource paths under `path_prefix`.
    pub fn forbidden(verb: &str, path_prefix: &str) -> Self {
        Self::new(FaultAction::Forbidden, Some(verb), path_prefix)
    }

    /// The whole API group answers the plain-text 404 and is left out of discovery.
    pub fn group_not_found(group: &str) -> Self {
        Self::new(FaultAction::GroupNotFound(group.to_string()), None, "")
    }

    /// 500 `InternalError` on paths under `path_prefix`.
    pub fn internal_error(path_prefix: &str) -> Self {
        Self::new(
            FaultAction::InternalError("injected failure".to_string()),
            None,
            path_prefix,
        )
    }

    /// Any failure `Status` on paths under `path_prefix`.
    pub fn status(path_prefix: &str, code: u16, reason: &str, message: &str) -> Self {
        Self::new(
            FaultAction::Status {
                code,
                reason: reason.to_string(),
                message: message.to_string(),
            },
            None,
            path_prefix,
        )
    }

    /// Requests under `path_prefix` never get an answer.
    pub fn hang(path_prefix: &str) -> Self {
        Self::new(FaultAction::Hang, None, path_prefix)
    }

    /// Restricts the fault to one Kubernetes verb.
    pub fn verb(mut self, verb: &str) -> Self {
        self.verb = Some(verb.to_string()).filter(|v| v != "*");
        self
    }

    /// The fault applies to the next `n` matching requests only.
    pub fn times(mut self, n: usize) -> Self {
        self.remaining = Some(n);
        self
    }

    /// The group this fault removes, if it removes one.
    pub(crate) fn hidden_group(&self) -> Option<&str> {
        match &self.action {
            FaultAction::GroupNotFound(g) if self.remaining != Some(0) => Some(g),
            _ => None,
        }
    }

    /// Whether the fault applies to a request.
    pub(crate) fn matches(&self, path: &str, verb: &str, target: &Target) -> bool {
        if self.remaining == Some(0) {
            return false;
        }
        if let FaultAction::GroupNotFound(g) = &self.action {
            return match target {
                Target::Group(tg) | Target::GroupVersion(tg, _) => tg == g,
                Target::Resource(r) => &r.group == g,
                _ => false,
            };
        }
        if matches!(self.action, FaultAction::Forbidden) && !matches!(target, Target::Resource(_)) {
            return false;
        }
        path.starts_with(&self.path_prefix) && self.verb.as_deref().is_none_or(|v| v == verb)
    }
}
