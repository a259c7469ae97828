//! Progress on stderr over the whole of a long run: a bar while files load, then a spinner
//! naming the phase (scoring, writing), only on a terminal, only once the run has taken about a
//! second.
//!
//! Small corpora are done in a blink and must not flicker a bar; CI logs must not fill with one.
//! Everything is counted from the start of the process but drawn only once a second has
//! passed, and never when stderr is not a terminal or under `-q`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long a run goes before progress appears.
const DELAY: Duration = Duration::from_secs(1);

static START: OnceLock<Instant> = OnceLock::new();

/// Notes the start of the run (the first call wins); delays are measured from it.
pub fn started() -> Instant {
    *START.get_or_init(Instant::now)
}

/// Whether progress may be drawn at all: stderr is a terminal and `-q` was not given.
fn drawable() -> bool {
    crate::world::settings().quiet == 0 && std::io::stderr().is_terminal()
}

/// A spinner naming the current phase of a long run, drawn once the run has taken [`DELAY`].
#[derive(Debug)]
pub struct Spinner {
    bar: Option<ProgressBar>,
    /// Set when finished; held while the spinner is made visible, so it never appears after.
    done: Arc<Mutex<bool>>,
}

impl Spinner {
    /// A spinner showing `phase`.
    pub fn new(phase: &str) -> Spinner {
        let done = Arc::new(Mutex::new(false));
        let bar = drawable().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                bar.set_style(style);
            }
            bar.set_message(phase.to_owned());
            let (shown, done) = (bar.clone(), Arc::clone(&done));
            let wait = DELAY.saturating_sub(started().elapsed());
            let _ = std::thread::Builder::new().spawn(move || {
                std::thread::sleep(wait);
                if let Ok(done) = done.lock() {
                    if !*done {
                        shown.set_draw_target(ProgressDrawTarget::stderr());
                        shown.enable_steady_tick(Duration::from_millis(120));
                    }
                }
            });
            bar
        });
        Spinner { bar, done }
    }

    /// Moves on to `phase`.
    pub fn phase(&self, phase: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(phase.to_owned());
        }
    }

    /// Removes the spinner before anything else is printed.
    pub fn finish(&self) {
        let Ok(mut done) = self.done.lock() else {
            return;
        };
        *done = true;
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish();
    }
}

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
        let bar = (wanted && drawable()).then(|| {
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
            start: started(),
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
