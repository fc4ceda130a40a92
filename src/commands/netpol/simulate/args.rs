//! The flags of `netpol simulate`.

use std::path::PathBuf;

use clap::Args;

use crate::commands::global::DumpArgs;

#[derive(Debug, Clone, Args)]
pub struct NetpolSimulateArgs {
    /// Destination port: a number, or a container port name looked up on each destination pod
    #[arg(long, value_name = "PORT", default_value = "80", value_parser = crate::netpol::simulate::ProbePort::parse)]
    pub port: crate::netpol::simulate::ProbePort,

    /// Protocol: TCP, UDP or SCTP
    #[arg(long, value_name = "PROTOCOL", default_value = "TCP", value_parser = parse_protocol)]
    pub protocol: crate::netpol::Protocol,

    /// Explain one connection instead of printing the table: from this pod (NS/POD, or POD with -n) or IP address
    #[arg(long, value_name = "NS/POD|IP", value_parser = crate::netpol::simulate::EndpointArg::parse, requires = "to")]
    pub from: Option<crate::netpol::simulate::EndpointArg>,

    /// Explain one connection: to this pod (NS/POD, or POD with -n) or IP address
    #[arg(long, value_name = "NS/POD|IP", value_parser = crate::netpol::simulate::EndpointArg::parse, requires = "from")]
    pub to: Option<crate::netpol::simulate::EndpointArg>,

    /// NetworkPolicies to try (repeatable): added to the ones read, replacing those of the same namespace/name
    #[arg(long = "policies", value_name = "PATH")]
    pub policies: Vec<PathBuf>,

    /// Use only the --policies files' policies, ignoring the ones read from the cluster or -f
    #[arg(long, requires = "policies")]
    pub replace_policies: bool,

    #[command(flatten)]
    pub dump: DumpArgs,
}

/// `TCP`, `UDP` or `SCTP`, in any case.
pub fn parse_protocol(text: &str) -> Result<crate::netpol::Protocol, String> {
    crate::netpol::Protocol::parse(&text.to_ascii_uppercase())
        .ok_or_else(|| format!("unknown protocol {text:?}; use TCP, UDP or SCTP"))
}
