//! The code `#[rt::main]` and `#[rt::test]` generate, checked against a
//! stand-in for the facade (`crate = "crate::fake_rt"`) that records every
//! builder call: each option must produce exactly the calls of the
//! expansion contract, in order, with Tokio's `Builder` signatures.
#![cfg(all(feature = "macros", feature = "rt-multi-thread"))]

/// A facade with only `runtime::Builder` and `Runtime::block_on`, which
/// record what the generated code calls on this thread.
mod fake_rt {
    pub(crate) mod runtime {
        use std::cell::RefCell;
        use std::future::Future;
        use std::pin::pin;
        use std::sync::Arc;
        use std::task::{Context, Poll, Wake, Waker};

        thread_local! {
            static CALLS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
        }

        fn record(call: impl Into<String>) {
            CALLS.with(|calls| calls.borrow_mut().push(call.into()));
        }

        /// The calls recorded on this thread so far, which are then forgotten.
        pub(crate) fn take_calls() -> Vec<String> {
            CALLS.with(|calls| std::mem::take(&mut *calls.borrow_mut()))
        }

        pub(crate) struct Builder {
            _private: (),
        }

        impl Builder {
            pub(crate) fn new_current_thread() -> Builder {
                record("new_current_thread");
                Builder { _private: () }
            }

            pub(crate) fn new_multi_thread() -> Builder {
                record("new_multi_thread");
                Builder { _private: () }
            }

            pub(crate) fn worker_threads(&mut self, n: usize) -> &mut Builder {
                record(format!("worker_threads({n})"));
                self
            }

            pub(crate) fn enable_all(&mut self) -> &mut Builder {
                record("enable_all");
                self
            }

            pub(crate) fn start_paused(&mut self, paused: bool) -> &mut Builder {
                record(format!("start_paused({paused})"));
                self
            }

            pub(crate) fn build(&mut self) -> std::io::Result<Runtime> {
                record("build");
                Ok(Runtime { _private: () })
            }
        }

        pub(crate) struct Runtime {
            _private: (),
        }

        struct NoopWake;

        impl Wake for NoopWake {
            fn wake(self: Arc<Self>) {}
        }

        impl Runtime {
            /// Polls `future` until it is ready, yielding the thread between
            /// polls: enough for bodies that never wait on anything.
            pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
                record("block_on");
                let waker = Waker::from(Arc::new(NoopWake));
                let mut cx = Context::from_waker(&waker);
                let mut future = pin!(future);
                loop {
                    if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                        return output;
                    }
                    std::thread::yield_now();
                }
            }
        }
    }
}

use fake_rt::runtime::take_calls;

#[rt::main(crate = "crate::fake_rt")]
async fn main_default() -> Vec<String> {
    take_calls()
}

#[test]
fn main_defaults_to_multi_thread() {
    assert_eq!(
        main_default(),
        ["new_multi_thread", "enable_all", "build", "block_on"]
    );
}

#[rt::main(crate = "crate::fake_rt", worker_threads = 3)]
async fn main_worker_threads() -> Vec<String> {
    take_calls()
}

#[test]
fn main_with_worker_threads() {
    assert_eq!(
        main_worker_threads(),
        [
            "new_multi_thread",
            "worker_threads(3)",
            "enable_all",
            "build",
            "block_on"
        ]
    );
}

#[rt::main(
    crate = "crate::fake_rt",
    flavor = "current_thread",
    start_paused = true
)]
async fn main_current_thread_paused() -> Vec<String> {
    take_calls()
}

#[test]
fn main_current_thread_start_paused() {
    assert_eq!(
        main_current_thread_paused(),
        [
            "new_current_thread",
            "enable_all",
            "start_paused(true)",
            "build",
            "block_on"
        ]
    );
}

#[rt::main(
    crate = "crate::fake_rt",
    flavor = "current_thread",
    start_paused = false
)]
async fn main_not_paused() -> Vec<String> {
    take_calls()
}

#[test]
fn start_paused_false_calls_nothing() {
    assert_eq!(
        main_not_paused(),
        ["new_current_thread", "enable_all", "build", "block_on"]
    );
}

#[rt::test(crate = "crate::fake_rt")]
async fn test_defaults_to_current_thread() {
    assert_eq!(
        take_calls(),
        ["new_current_thread", "enable_all", "build", "block_on"]
    );
}

#[rt::test(crate = "crate::fake_rt", flavor = "multi_thread", worker_threads = 2)]
async fn test_multi_thread_worker_threads() {
    assert_eq!(
        take_calls(),
        [
            "new_multi_thread",
            "worker_threads(2)",
            "enable_all",
            "build",
            "block_on"
        ]
    );
}

#[rt::test(crate = "crate::fake_rt", start_paused = true)]
async fn test_start_paused() {
    assert_eq!(
        take_calls(),
        [
            "new_current_thread",
            "enable_all",
            "start_paused(true)",
            "build",
            "block_on"
        ]
    );
}

// The body runs after the runtime is built, once: a panic in it fails the
// test, which `should_panic` turns into a pass. A test whose body never ran
// would fail here.
#[rt::test(crate = "crate::fake_rt")]
#[should_panic(expected = "the body ran")]
async fn test_body_runs_and_panics_propagate() {
    panic!("the body ran");
}
