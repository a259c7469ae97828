//! A progress bar for long loads: on stderr, only on a terminal, only after about a second.
//!
//! Small corpora load in a blink and must not flicker a bar; CI logs must not fill with one. The
//! bar is counted from the start but drawn only once a second has passed, and never when stderr
//! is not a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a load runs before the bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// Files read so far, as a bar that appears after a short delay on a terminal.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar over `files` files, drawn on stderr if it is a terminal and `wanted`.
    pub fn new(files: usize, wanted: bool) -> Progress {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("loading [{bar:30}] {pos}/{len} files ({eta} left)")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// One more file read (from any thread).
    pub fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() >= DELAY
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar, if it was drawn, before anything else is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
