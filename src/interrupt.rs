//! Ctrl-C and SIGTERM handling.
//!
//! Outside a write, a signal ends the process at once (exit 130): nothing is
//! half-done. Inside a write ([`Critical`]), the signal only raises a flag; the
//! writer polls [`check`] and rolls back before exiting, so the target is either
//! as it was or complete.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::UserError;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static CRITICAL_DEPTH: AtomicUsize = AtomicUsize::new(0);
static PROMPTING: AtomicBool = AtomicBool::new(false);
static PROMPT_REPORTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler. Failing to install it is not fatal: writes stay
/// atomic against errors, only a signal would skip the cleanup.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        if CRITICAL_DEPTH.load(Ordering::SeqCst) == 0 {
            if PROMPTING.load(Ordering::SeqCst) || PROMPT_REPORTED.load(Ordering::SeqCst) {
                // The prompt sees Ctrl-C too and the run reports the interrupt on a line
                // of its own, then exits 130; give it the time to. Only if the prompt did
                // not see it, end the prompt's line and show the cursor.
                std::thread::sleep(std::time::Duration::from_millis(300));
                if !PROMPT_REPORTED.load(Ordering::SeqCst) {
                    let _ = std::io::Write::write_all(&mut std::io::stderr(), b"\x1b[?25h\n");
                }
            }
            std::process::exit(130);
        }
    });
}

/// Errors with an interrupt once a signal has arrived.
///
/// # Errors
/// [`UserError::interrupted`] after Ctrl-C or SIGTERM.
pub(crate) fn check() -> Result<(), UserError> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        Err(UserError::interrupted())
    } else {
        Ok(())
    }
}

/// While alive, signals are deferred to [`check`] instead of exiting.
#[must_use = "the section ends when the guard is dropped"]
pub(crate) struct Critical(());

impl Critical {
    /// Enters a section that cleans up after itself on interrupt.
    pub(crate) fn enter() -> Self {
        CRITICAL_DEPTH.fetch_add(1, Ordering::SeqCst);
        Self(())
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        // A signal that arrived inside the section surfaces through `check`;
        // the caller reports it and exits 130 after rolling back.
        CRITICAL_DEPTH.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A prompt saw Ctrl-C: the run reports the interrupt itself, so the signal handler
/// must neither write nor exit before it has.
pub(crate) fn reported_by_prompt() {
    PROMPT_REPORTED.store(true, Ordering::SeqCst);
}

/// While alive, a prompt is on screen: a signal lets it report the interrupt itself.
#[must_use = "the prompt ends when the guard is dropped"]
pub(crate) struct Prompting(());

impl Prompting {
    /// Marks a prompt as shown.
    pub(crate) fn enter() -> Self {
        PROMPTING.store(true, Ordering::SeqCst);
        Self(())
    }
}

impl Drop for Prompting {
    fn drop(&mut self) {
        PROMPTING.store(false, Ordering::SeqCst);
    }
}
