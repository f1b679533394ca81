//! Containing bugs: a panic while checking one file is caught, named (file, stage or rule,
//! where in the source) and reported as an internal error for that file alone; the other
//! files are still checked and nothing is written for the one that failed. The release
//! profile unwinds (`panic = "unwind"`) so that this works there too.
//!
//! A panic hook records the message and location of a panic inside [`catch`] and keeps
//! the default hook's backtrace spew off standard error; panics elsewhere go to the
//! default hook as before.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::sync::{Once, OnceLock};

thread_local! {
    /// How deep in [`catch`] this thread is; 0 outside.
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// The stage or rule running now (innermost last).
    static STAGES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The last panic caught on this thread: its stage, message and location.
    static LAST: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// A panic caught by [`catch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InternalError {
    /// The stage or rule that was running (`reading`, `fixing`, `rule tally-sum`, …).
    pub stage: String,
    /// The panic's message and source location.
    pub message: String,
}

impl InternalError {
    /// `internal error while checking FILE (STAGE): MESSAGE`, the line reported for it.
    pub(crate) fn describe(&self, file: &str) -> String {
        format!(
            "internal error while checking {file} ({}): {}; this is a bug in zhenggai, \
             please report it with the file",
            self.stage, self.message
        )
    }
}

fn hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if DEPTH.with(|d| d.get()) == 0 {
                return default(info);
            }
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let stage = STAGES.with(|s| s.borrow().last().cloned().unwrap_or_default());
            LAST.with(|l| *l.borrow_mut() = Some((stage, format!("{msg}{at}"))));
        }));
    });
}

/// Runs `f`, catching a panic as an [`InternalError`].
pub(crate) fn catch<R>(f: impl FnOnce() -> R) -> Result<R, InternalError> {
    hook();
    let depth = DEPTH.with(|d| d.get());
    let stages = STAGES.with(|s| s.borrow().len());
    DEPTH.with(|d| d.set(depth + 1));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(depth));
    // A panic leaves the stages it was in on the stack.
    STAGES.with(|s| s.borrow_mut().truncate(stages));
    result.map_err(|_| {
        let (stage, message) = LAST
            .with(|l| l.borrow_mut().take())
            .unwrap_or_else(|| (String::new(), "panic".into()));
        InternalError {
            stage: if stage.is_empty() {
                "checking".into()
            } else {
                stage
            },
            message,
        }
    })
}

/// Runs `f` as the named stage, so that a panic in it is reported with that name.
pub(crate) fn stage<R>(name: impl Into<String>, f: impl FnOnce() -> R) -> R {
    STAGES.with(|s| s.borrow_mut().push(name.into()));
    let r = f();
    STAGES.with(|s| s.borrow_mut().pop());
    r
}

/// Runs rule `id` on `text` through `f` as a stage. When the environment variable
/// `ZHENGGAI_TEST_PANIC` names the rule and the text contains `ZHENGGAI_TEST_PANIC`, the
/// rule panics instead: the one way for the tests to see what a bug in a rule does to a run.
pub(crate) fn rule<R>(id: &str, text: &str, f: impl FnOnce() -> R) -> R {
    static TRIGGER: OnceLock<Option<String>> = OnceLock::new();
    let trigger = TRIGGER.get_or_init(|| std::env::var("ZHENGGAI_TEST_PANIC").ok());
    if DEPTH.with(|d| d.get()) == 0 {
        return f();
    }
    stage(format!("rule {id}"), || {
        if trigger.as_deref() == Some(id) && text.contains("ZHENGGAI_TEST_PANIC") {
            panic!("ZHENGGAI_TEST_PANIC asked rule {id} to panic");
        }
        f()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_stage_and_location() {
        let e = catch(|| stage("fixing", || rule("x", "", || panic!("boom {}", 1)))).unwrap_err();
        assert_eq!(e.stage, "rule x");
        assert!(e.message.starts_with("boom 1 at src/guard.rs:"), "{e:?}");
        assert_eq!(catch(|| stage("reading", || 5)), Ok(5));
        let e = catch(|| stage("reading", || panic!("static"))).unwrap_err();
        assert_eq!((e.stage.as_str(), &e.message[..6]), ("reading", "static"));
        assert!(
            e.describe("a.txt")
                .starts_with("internal error while checking a.txt (reading): static at ")
        );
    }
}
