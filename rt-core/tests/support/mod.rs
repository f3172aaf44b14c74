//! Shared helpers for rt-core's integration tests.
#![allow(dead_code, reason = "each test file uses a different subset")]

use std::any::Any;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Extracts the message of a caught panic.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        String::from("<non-string panic payload>")
    }
}

/// Increments a counter when dropped, recording the thread it dropped on.
pub(crate) struct DropCounter {
    pub(crate) count: Arc<AtomicUsize>,
    pub(crate) thread_name: Arc<std::sync::Mutex<Option<String>>>,
}

impl DropCounter {
    pub(crate) fn new() -> (
        DropCounter,
        Arc<AtomicUsize>,
        Arc<std::sync::Mutex<Option<String>>>,
    ) {
        let count = Arc::new(AtomicUsize::new(0));
        let name = Arc::new(std::sync::Mutex::new(None));
        (
            DropCounter {
                count: count.clone(),
                thread_name: name.clone(),
            },
            count,
            name,
        )
    }
}

impl Drop for DropCounter {
    fn drop(&mut self) {
        *self.thread_name.lock().unwrap() = std::thread::current().name().map(String::from);
        self.count.fetch_add(1, Ordering::SeqCst);
    }
}

/// Instantiates a test body once per runtime flavour. The body is an
/// `async` block; `$rt` names a function building the runtime.
///
/// Until the multi-thread scheduler lands, the `multi_thread_*` variants
/// build a multi-thread-configured runtime that runs the current-thread
/// scheduler; they exist so the same suite covers the real scheduler
/// unchanged once it does.
#[macro_export]
macro_rules! rt_test {
    ($(async fn $name:ident() $body:block)*) => {
        mod current_thread {
            #[allow(unused_imports)]
            use super::*;
            fn rt() -> rt_core::runtime::Runtime {
                rt_core::runtime::Builder::new_current_thread().build().unwrap()
            }
            $( #[test] fn $name() { let rt = rt(); let _ = &rt; rt.block_on(async $body) } )*
        }
        mod multi_thread_1 {
            #[allow(unused_imports)]
            use super::*;
            fn rt() -> rt_core::runtime::Runtime {
                rt_core::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap()
            }
            $( #[test] fn $name() { let rt = rt(); rt.block_on(async $body) } )*
        }
        mod multi_thread_4 {
            #[allow(unused_imports)]
            use super::*;
            fn rt() -> rt_core::runtime::Runtime {
                rt_core::runtime::Builder::new_multi_thread().worker_threads(4).build().unwrap()
            }
            $( #[test] fn $name() { let rt = rt(); rt.block_on(async $body) } )*
        }
    };
}
