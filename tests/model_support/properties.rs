//! Running proptest properties the same way in every randomized suite: a plain runner (no
//! failure files; XorShift, since ChaCha is a third of the run time in a debug build), the case
//! count from an environment variable, a seed that is printed with every run and failure and
//! can be given back (`PROPTEST_SEED=…` replays a run), and the panics of a shrinking run kept
//! off the terminal (proptest reports the minimal one).

use proptest::strategy::Strategy;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::cell::Cell;
use std::hash::{BuildHasher, RandomState};

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
    let seed = seed_from_env();
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::XorShift, &seed_bytes(seed)));
    let started = std::time::Instant::now();
    let result = quietly(|| runner.run(&strategy, test));
    eprintln!("{name} (PROPTEST_SEED={seed}): {} in {:.1?}", summary(), started.elapsed());
    if let Err(e) = result {
        panic!("{name} (replay with PROPTEST_SEED={seed}): {e}");
    }
}

/// The seed of a run: `PROPTEST_SEED` when it holds a number, else a fresh one (each run
/// explores new cases; the seed printed with it replays them).
fn seed_from_env() -> u64 {
    std::env::var("PROPTEST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| RandomState::new().hash_one(std::time::SystemTime::now()))
}

/// The 16 bytes XorShift takes, from one number (never all zero).
fn seed_bytes(seed: u64) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..].copy_from_slice(&(!seed).to_le_bytes());
    bytes
}
