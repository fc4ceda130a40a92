use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use kubectl_scs::commands::cli::Cli;
use kubectl_scs::commands::complete::kubectl;
use kubectl_scs::error::{Error, ErrorKind};
use kubectl_scs::report::Outcome;
use kubectl_scs::report::term::Stream;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if let Some(words) = kubectl::request(&args) {
        return if kubectl::respond(&words, &mut std::io::stdout().lock()) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let cli = match Cli::parse_args(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let err_color = Stream::Stderr.color(cli.global.no_color);
    init_logging(cli.global.verbose, err_color);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            report_error(
                &Error::could_not_run("cannot start the async runtime").with_source(e),
                err_color,
            );
            return ExitCode::from(3);
        }
    };
    let result = runtime.block_on(kubectl_scs::run(cli));
    // Background tasks (watch streams, progress ticks) must not delay the exit.
    runtime.shutdown_background();
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Ok(Outcome::Aborted) => ExitCode::from(3),
        Err(e) => {
            report_error(&e, err_color);
            ExitCode::from(match e.kind {
                ErrorKind::Usage => 2,
                ErrorKind::CouldNotRun => 3,
            })
        }
    }
}

fn report_error(e: &Error, color: bool) {
    let (red, cyan, reset) = if color {
        ("\x1b[31;1m", "\x1b[36m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{red}error:{reset} {e}");
    for hint in &e.hints {
        let _ = writeln!(err, "{cyan}hint:{reset} {hint}");
    }
}

/// Without `-v` only our own warnings reach stderr; the libraries' logs (kube's
/// `failed with status 500` for every failed request, retried or not) start at `-v`.
fn log_filter(verbose: u8) -> &'static str {
    match verbose {
        0 => "kubectl_scs=warn",
        1 => "kubectl_scs=info,warn",
        2 => "kubectl_scs=debug,kube=debug,info",
        _ => "trace",
    }
}

fn init_logging(verbose: u8, color: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KUBECTL_SCS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(log_filter(verbose)));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(verbose >= 1);
    // Our own warnings read as messages, not as a log, until -v asks for one.
    let _ = if verbose == 0 {
        logs.without_time().try_init()
    } else {
        logs.try_init()
    };
}
