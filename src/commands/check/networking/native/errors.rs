//! Which API failures stop a native run and which only fail one operation.

use crate::kube::Connection;
use crate::kube::errors::{Attempt, api_error};
use crate::netcheck::OpError;

/// An [`OpError`] from a kube error, its message in the project's words (URL, context, verb,
/// resource, namespace). Fatal: 401, 403, an unreachable API, a server that cannot upgrade to
/// the exec stream (every later probe would fail the same way). Anything else (a 404 for a
/// pod that went away, a 409, a 5xx, a timeout) fails only this operation.
pub fn op_error(err: kube::Error, target: &Connection, attempt: &Attempt<'_>) -> OpError {
    let fatal = match &err {
        kube::Error::Api(status) => matches!(status.code, 401 | 403),
        kube::Error::Auth(_) | kube::Error::UpgradeConnection(_) => true,
        kube::Error::HyperError(e) => e.is_closed() || e.is_canceled() || connect_refused(&err),
        kube::Error::Service(_) => connect_refused(&err),
        _ => false,
    };
    let error = api_error(err, target, Some(attempt));
    let mut message = error.message;
    for hint in error.hints {
        message.push_str(&format!(" (hint: {hint})"));
    }
    OpError { message, fatal }
}

fn connect_refused(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound
            )
        {
            return true;
        }
        current = e.source();
    }
    false
}
