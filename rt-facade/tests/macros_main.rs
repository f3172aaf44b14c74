//! `#[rt::main]` on the real runtime: return values (plain, `Result`, early
//! `return`), both flavors and `worker_threads` (as the body sees them
//! through `Handle::current()`), `crate = "..."`, methods and functions with
//! arguments. The annotated functions are called from plain
//! tests, as a program's `main` would be called by the process.
#![cfg(feature = "full")]

use std::error::Error;
use std::thread::{self, ThreadId};

use rt::runtime::{Handle, RuntimeFlavor};

#[rt::main]
async fn returns_a_value() -> u32 {
    rt::spawn(async { 41 }).await.unwrap() + 1
}

#[test]
fn main_returns_the_body_value() {
    assert_eq!(returns_a_value(), 42);
}

static RAN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[rt::main]
async fn returns_unit() {
    rt::task::yield_now().await;
    RAN.store(true, std::sync::atomic::Ordering::SeqCst);
}

#[test]
fn main_without_return_type_runs_its_body() {
    returns_unit();
    assert!(RAN.load(std::sync::atomic::Ordering::SeqCst));
}

#[rt::main]
async fn parse_in_task(input: &'static str) -> Result<u32, Box<dyn Error + Send + Sync>> {
    // `?` converts both errors into the declared error type.
    let n = rt::spawn(async move { input.parse::<u32>() }).await??;
    Ok(n * 2)
}

#[test]
fn main_returns_result() {
    assert_eq!(parse_in_task("21").unwrap(), 42);
    let err = parse_in_task("twenty-one").unwrap_err();
    assert_eq!(err.to_string(), "invalid digit found in string");
}

#[rt::main]
async fn early_return(early: bool) -> &'static str {
    if early {
        return "early";
    }
    rt::task::yield_now().await;
    "late"
}

#[test]
fn return_in_the_body_returns_from_main() {
    assert_eq!(early_return(true), "early");
    assert_eq!(early_return(false), "late");
}

/// What a body sees of the runtime it runs on.
#[derive(Debug, PartialEq)]
struct Seen {
    flavor: RuntimeFlavor,
    workers: usize,
    /// Whether a task spawned from the body ran on the body's thread.
    spawned_on_caller: bool,
}

async fn seen() -> Seen {
    let handle = Handle::current();
    let caller = thread::current().id();
    let spawned = rt::spawn(async { thread::current().id() }).await.unwrap();
    Seen {
        flavor: handle.runtime_flavor(),
        workers: handle.metrics().num_workers(),
        spawned_on_caller: spawned == caller,
    }
}

#[rt::main(flavor = "current_thread")]
async fn current_thread_main() -> (Seen, ThreadId) {
    (seen().await, thread::current().id())
}

#[test]
fn current_thread_flavor_runs_everything_on_the_caller() {
    let (seen, body_thread) = current_thread_main();
    assert_eq!(body_thread, thread::current().id());
    assert_eq!(
        seen,
        Seen {
            flavor: RuntimeFlavor::CurrentThread,
            workers: 1,
            spawned_on_caller: true,
        }
    );
}

#[rt::main]
async fn default_main() -> (Seen, ThreadId) {
    (seen().await, thread::current().id())
}

#[test]
fn main_defaults_to_multi_thread() {
    let (seen, body_thread) = default_main();
    // `block_on` runs the body on the calling thread, the tasks on workers.
    assert_eq!(body_thread, thread::current().id());
    assert_eq!(seen.flavor, RuntimeFlavor::MultiThread);
    assert!(seen.workers >= 1, "{seen:?}");
    assert!(!seen.spawned_on_caller, "{seen:?}");
}

#[rt::main(flavor = "multi_thread", worker_threads = 1)]
async fn one_worker_main() -> Seen {
    seen().await
}

#[rt::main(worker_threads = 3)]
async fn three_workers_main() -> Seen {
    seen().await
}

#[test]
fn worker_threads_sets_the_number_of_workers() {
    for (seen, workers) in [(one_worker_main(), 1), (three_workers_main(), 3)] {
        assert_eq!(
            seen,
            Seen {
                flavor: RuntimeFlavor::MultiThread,
                workers,
                spawned_on_caller: false,
            }
        );
    }
}

mod renamed {
    pub(crate) use rt::runtime;
}

#[rt::main(crate = "crate::renamed", flavor = "current_thread")]
async fn through_a_reexport() -> u8 {
    rt::spawn(async { 7 }).await.unwrap()
}

#[test]
fn crate_option_names_the_facade() {
    assert_eq!(through_a_reexport(), 7);
}

struct Server {
    port: u16,
}

impl Server {
    #[rt::main(flavor = "current_thread")]
    async fn port_plus(&self, offset: u16) -> u16 {
        let port = self.port;
        rt::spawn(async move { port + offset }).await.unwrap()
    }
}

#[test]
fn methods_and_arguments_are_kept() {
    let server = Server { port: 8000 };
    assert_eq!(server.port_plus(80), 8080);
}

#[rt::main]
async fn panics_in_body() {
    rt::task::yield_now().await;
    panic!("from the body");
}

#[test]
#[should_panic(expected = "from the body")]
fn a_panic_in_the_body_propagates() {
    panics_in_body();
}
