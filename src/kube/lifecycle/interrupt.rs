//! Ctrl-C and SIGTERM as events a run can wait for, instead of the default of dying on
//! the spot with objects left in the cluster.

use tokio::sync::watch;

/// Counts interrupts since [`Interrupts::listen`]. Clones share the count; each clone
/// remembers which interrupts it has seen.
#[derive(Clone)]
pub struct Interrupts {
    count: watch::Receiver<u64>,
}

impl Interrupts {
    /// Starts listening. Must be called inside the tokio runtime. If the handlers cannot
    /// be installed, the signals keep their default action (the process ends).
    pub fn listen() -> Interrupts {
        let (tx, rx) = watch::channel(0u64);
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            if let (Ok(mut int), Ok(mut term)) = (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                tokio::spawn(async move {
                    loop {
                        tokio::select! {
                            _ = int.recv() => {}
                            _ = term.recv() => {}
                        }
                        tx.send_modify(|n| *n += 1);
                    }
                });
            }
        }
        #[cfg(not(unix))]
        {
            tokio::spawn(async move {
                while tokio::signal::ctrl_c().await.is_ok() {
                    tx.send_modify(|n| *n += 1);
                }
            });
        }
        Interrupts { count: rx }
    }

    /// Waits for an interrupt this handle has not seen yet (one that came before the wait
    /// counts). Never returns when no handler could be installed.
    pub async fn next(&mut self) {
        if self.count.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
        self.count.borrow_and_update();
    }

    /// Treats every interrupt so far as seen.
    pub fn mark_seen(&mut self) {
        self.count.borrow_and_update();
    }

    /// How many interrupts came so far.
    pub fn count(&self) -> u64 {
        *self.count.borrow()
    }
}
