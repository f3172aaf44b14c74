//! The signal driver: a Park layer between the reactor and the timer that
//! turns self-pipe readiness into dispatched deliveries.

use crate::registry;
use rt_core::runtime::{DriverLayer, Extensions, Park, Unpark};
use rt_io::unstable::Registration;
use rt_io::Interest;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The signal driver's layer, stacked directly above rt-io's reactor
/// (`rt_io::driver_layer()` must come first). The facade's `Builder`
/// installs it with `enable_io()` when the `signal` (or `process`) feature
/// is on.
///
/// Each runtime's driver registers its own duplicate of the process-wide
/// self-pipe with its reactor, so signals are dispatched by whichever
/// runtime wakes first and reach listeners on every runtime.
///
/// ```
/// use rt_core::runtime::Builder;
///
/// let rt = Builder::new_current_thread()
///     .driver_layer(rt_io::driver_layer())
///     .driver_layer(rt_signal::driver_layer())
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let _usr1 = rt_signal::unix::signal(rt_signal::unix::SignalKind::user_defined1()).unwrap();
/// });
/// ```
pub fn driver_layer() -> DriverLayer {
    Arc::new(|inner: Box<dyn Park>, ext: &mut Extensions| {
        let globals = registry::globals()?;
        let mut source = mio::net::UnixStream::from_std(globals.receiver()?);
        let registration = Registration::new_in_extensions(&mut source, Interest::READABLE, ext)?;
        let shared = Arc::new(Shared {
            is_shutdown: AtomicBool::new(false),
        });
        ext.insert(SignalHandle {
            shared: shared.clone(),
        });
        Ok(Box::new(Driver {
            inner,
            source: Some(source),
            registration,
            shared,
        }) as Box<dyn Park>)
    })
}

/// What a runtime's extensions carry for rt-signal.
#[derive(Clone)]
pub(crate) struct SignalHandle {
    pub(crate) shared: Arc<Shared>,
}

pub(crate) struct Shared {
    is_shutdown: AtomicBool,
}

impl Shared {
    pub(crate) fn is_shutdown(&self) -> bool {
        self.is_shutdown.load(Ordering::Acquire)
    }
}

impl SignalHandle {
    /// The current runtime's signal driver.
    ///
    /// # Panics
    ///
    /// Outside a runtime, or on one without the signal driver, saying how
    /// to fix it.
    #[track_caller]
    pub(crate) fn current() -> SignalHandle {
        match rt_core::runtime::Handle::try_current() {
            Err(e) => panic!(
                "{e}. rt signal listeners (`signal`, `ctrl_c`) must be created inside a \
                 runtime with the I/O driver enabled: build it with enable_io() or enable_all()"
            ),
            Ok(rt) => match rt.extension::<SignalHandle>() {
                Some(h) => h.clone(),
                None => panic!(
                    "this rt runtime has no signal driver: build the runtime with enable_io() \
                     or enable_all() and the `signal` feature (with rt-core's Builder: \
                     `.driver_layer(rt_io::driver_layer()).driver_layer(rt_signal::driver_layer())`)"
                ),
            },
        }
    }
}

struct Driver {
    inner: Box<dyn Park>,
    /// This driver's duplicate of the pipe's read end, registered with the
    /// reactor; `None` once deregistered.
    source: Option<mio::net::UnixStream>,
    registration: Registration,
    shared: Arc<Shared>,
}

impl Driver {
    /// Dispatches deliveries when the pipe became readable.
    fn process(&mut self) {
        let ev = self.registration.current_readiness(Interest::READABLE);
        let Some(source) = &self.source else { return };
        if ev.is_shutdown() || ev.ready().is_empty() {
            return;
        }
        // Protocol rule 2: drain, then dispatch. The readiness is cleared
        // only after `WouldBlock`, and only if no newer edge arrived.
        match registry::drain(source) {
            Ok(_) => self.registration.clear_readiness(ev),
            Err(e) => panic!("rt signal driver: reading the signal pipe failed: {e}"),
        }
        registry::dispatch_all();
    }
}

impl Park for Driver {
    fn park(&mut self, timeout: Option<Duration>) {
        self.inner.park(timeout);
        self.process();
    }

    fn unparker(&self) -> Arc<dyn Unpark> {
        self.inner.unparker()
    }

    fn shutdown(&mut self) {
        self.shared.is_shutdown.store(true, Ordering::Release);
        self.deregister();
        // Listeners of this runtime now report the end of their stream.
        if let Ok(g) = registry::globals() {
            for slot in g.slots() {
                slot.wake_all();
            }
        }
        self.inner.shutdown();
    }
}

impl Driver {
    fn deregister(&mut self) {
        if let Some(mut source) = self.source.take() {
            // Errors only mean the reactor is already gone.
            let _ = self.registration.deregister(&mut source);
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.shared.is_shutdown.store(true, Ordering::Release);
        self.deregister();
    }
}

impl fmt::Debug for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("rt_signal::Driver")
            .field("is_shutdown", &self.shared.is_shutdown())
            .finish_non_exhaustive()
    }
}
