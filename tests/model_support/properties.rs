//! Running proptest properties the same way in every randomized suite: a plain runner (no
//! failure files; XorShift, since ChaCha is a third of the run time in a debug build), the case
//! count from an environment variable, and the panics of a shrinking run kept off the terminal
//! (proptest reports the minimal one).

use proptest::strategy::Strategy;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, TestCaseError, TestRunner};
use std::cell::Cell;

thread_local! {
    /// Set while quiet: panics on this thread are not printed. Other tests are unaffected.
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

/// Puts the quiet flag back when dropped, also when the quiet code panics through.
struct Quiet(bool);

impl Drop for Quiet {
    fn drop(&mut self) {
        QUIET_PANICS.with(|q| q.set(self.0));
    }
}

/// Runs `f` with its panics kept off the terminal: the caller reports what matters.
pub fn quietly<R>(f: impl FnOnce() -> R) -> R {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let _restore = Quiet(QUIET_PANICS.with(|q| q.replace(true)));
    f()
}

/// The number of cases: the environment variable `var` when it holds a number, else `default`.
pub fn cases_from_env(var: &str, default: u32) -> u32 {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs `test` on `cases` values of `strategy`, prints `name`, the time and `summary()`, and
/// panics with the minimal failing input if a case failed.
pub fn run_property<S: Strategy>(
    name: &str,
    cases: u32,
    max_shrink_iters: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
    summary: impl FnOnce() -> String,
) where
    S::Value: std::fmt::Debug,
{
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters,
        rng_algorithm: RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new(config);
    let started = std::time::Instant::now();
    let result = quietly(|| runner.run(&strategy, test));
    eprintln!("{name}: {} in {:.1?}", summary(), started.elapsed());
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}
