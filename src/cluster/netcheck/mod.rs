//! The native networking check's cluster side: deploying a topology ([`deploy`]), probing by
//! exec ([`ExecProber`]) and making the scenarios' changes ([`KubeFixture`]).

mod deploy;
mod errors;
mod fixture;
mod health;
mod prober;

pub use deploy::{DeployError, Deployed, PodWait, agnhost_image, deploy};
pub use errors::op_error;
pub use fixture::KubeFixture;
pub use prober::ExecProber;
