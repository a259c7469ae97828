//! Phase marks, for finding where a run's time goes without a profiler.
//!
//! The library marks the end of each phase; it never prints and never reads the environment. The
//! binary switches the marks on (`CORROBORATE_TIMINGS=1`) by installing a [`Report`] that prints
//! `timing    2.174 s  loaded` on stderr. Off, a mark costs one atomic load.

use std::sync::OnceLock;
use std::time::Instant;

/// Receives each mark: the seconds since [`enable`] and the phase that ended.
pub type Report = fn(seconds: f64, phase: &str);

/// When marks were switched on, and where they go.
static ON: OnceLock<(Instant, Report)> = OnceLock::new();

/// Switches the marks on from now, each one handed to `report`. Only the first call counts.
pub fn enable(report: Report) {
    let _ = ON.set((Instant::now(), report));
}

/// Marks the end of phase `phase`, when the marks are on.
pub fn mark(phase: &str) {
    if let Some((start, report)) = ON.get() {
        report(start.elapsed().as_secs_f64(), phase);
    }
}
