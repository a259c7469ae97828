//! Phase timings on stderr, for finding where a run's time goes without a profiler.
//!
//! Set `CORROBORATE_TIMINGS=1` and every phase boundary prints the seconds since the first mark,
//! e.g. `timing    2.174 s  loaded`. Off (one cached check per mark) otherwise.

use std::sync::OnceLock;
use std::time::Instant;

/// When the first mark was made, if timings are on.
fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("CORROBORATE_TIMINGS").map(|_| Instant::now()))
}

/// Marks the end of phase `phase`: prints the time since the first mark when timings are on.
pub fn mark(phase: &str) {
    if let Some(start) = start() {
        eprintln!("timing {:>8.3} s  {phase}", start.elapsed().as_secs_f64());
    }
}
