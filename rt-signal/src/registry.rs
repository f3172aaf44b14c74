//! The process-wide signal registry: one [`Slot`] per signal number, the
//! self-pipe, and the signal handler.
//!
//! # Protocol
//!
//! Signals reach tasks in three hops: the OS runs [`handler`] on some
//! thread; the handler flags the signal and writes a byte to the self-pipe;
//! a runtime's signal driver (crate::driver), woken by the reactor because
//! the pipe became readable, drains the pipe and calls [`dispatch_all`],
//! which bumps the generation of every flagged slot and wakes its
//! listeners. Fields and who may touch them:
//!
//! - `Slot::pending` (`AtomicBool`): set by the handler, cleared by
//!   dispatch.
//! - `Slot::state` (mutex): `generation` (how many deliveries were
//!   dispatched), the listeners' wakers, the dispatch hooks. Never locked by
//!   the handler (a mutex is not async-signal-safe).
//! - The pipe: the handler writes, drivers read.
//!
//! Rules (SAFETY comments and the loom models cite them):
//!
//! 1. The handler stores `pending = true` *before* writing its byte to the
//!    pipe (SeqCst store, then `write(2)`).
//! 2. A driver drains the pipe *before* it swaps `pending` to false
//!    (`read(2)` until `WouldBlock`, then dispatch). A byte it read was
//!    written after the flag was stored (rule 1), so the swap sees the flag.
//!    A byte written after the drain makes the pipe readable again, and a
//!    later dispatch sees the flag. So every delivery is dispatched at least
//!    once; deliveries that arrive together coalesce into one, as in Tokio.
//! 3. A listener records the generation it has seen. Under the slot lock it
//!    either observes a newer generation (a delivery: it updates `seen` and
//!    completes) or leaves its waker; dispatch bumps the generation and takes
//!    the wakers under that same lock and wakes them after unlocking. So a
//!    listener cannot miss a delivery dispatched after it was created, and a
//!    delivery dispatched before it was created is never reported to it.
//! 4. The handler only touches atomics, the pipe's fd and the saved
//!    previous action: everything it calls is async-signal-safe, and it
//!    saves and restores `errno`. It runs the previous action *before* it
//!    flags and writes (rule 1), so a listener that sees a delivery knows
//!    the earlier handler has already run for it.

use crate::loom::sync::atomic::{AtomicBool, Ordering};
use crate::loom::sync::Mutex;
use std::task::{Context, Poll, Waker};

/// One signal number's state.
pub(crate) struct Slot {
    /// Rules 1 and 2: a delivery not yet dispatched.
    pending: AtomicBool,
    /// Rule 3.
    state: Mutex<SlotState>,
    /// The handler's installation, attempted once per process: `Ok` or the
    /// OS error number.
    install: std::sync::OnceLock<Result<(), i32>>,
    /// The action that was in place before ours, chained by the handler.
    prev: std::sync::OnceLock<libc::sigaction>,
}

struct SlotState {
    generation: u64,
    /// Listeners waiting for the next generation, by listener id.
    waiters: Vec<(u64, Waker)>,
    /// Functions run (by the dispatching driver, never by the handler) after
    /// each dispatched delivery; rt-process reaps orphans this way.
    hooks: Vec<fn()>,
}

impl Slot {
    pub(crate) fn new() -> Slot {
        Slot {
            pending: AtomicBool::new(false),
            state: Mutex::new(SlotState {
                generation: 0,
                waiters: Vec::new(),
                hooks: Vec::new(),
            }),
            install: std::sync::OnceLock::new(),
            prev: std::sync::OnceLock::new(),
        }
    }

    /// The handler's half of rule 1 (the pipe write follows).
    pub(crate) fn record(&self) {
        self.pending.store(true, Ordering::SeqCst);
    }

    /// Rule 2: dispatches a pending delivery, if any. Returns the hooks to
    /// run when one was dispatched (empty otherwise).
    pub(crate) fn dispatch(&self) -> Vec<fn()> {
        if !self.pending.swap(false, Ordering::SeqCst) {
            return Vec::new();
        }
        let (wakers, hooks) = {
            let mut state = lock(&self.state);
            state.generation += 1;
            let wakers = std::mem::take(&mut state.waiters);
            (wakers, state.hooks.clone())
        };
        // Rule 3: wake outside the lock.
        for (_, waker) in wakers {
            waker.wake();
        }
        hooks
    }

    /// The generation a new listener starts from: it reports deliveries
    /// dispatched after this point only.
    pub(crate) fn generation(&self) -> u64 {
        lock(&self.state).generation
    }

    /// Rule 3: `Ready` when a generation newer than `*seen` was dispatched
    /// (and records it), otherwise leaves `cx`'s waker under `id`.
    pub(crate) fn poll_listener(&self, id: u64, seen: &mut u64, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = lock(&self.state);
        if state.generation != *seen {
            *seen = state.generation;
            return Poll::Ready(());
        }
        match state.waiters.iter_mut().find(|(i, _)| *i == id) {
            Some((_, w)) => w.clone_from(cx.waker()),
            None => state.waiters.push((id, cx.waker().clone())),
        }
        Poll::Pending
    }

    /// Forgets listener `id`'s waker (the listener is dropped).
    pub(crate) fn remove_listener(&self, id: u64) {
        let mut state = lock(&self.state);
        state.waiters.retain(|(i, _)| *i != id);
    }

    /// Wakes every waiting listener without a delivery (driver shutdown:
    /// they re-check whether their driver is gone).
    pub(crate) fn wake_all(&self) {
        let wakers = std::mem::take(&mut lock(&self.state).waiters);
        for (_, waker) in wakers {
            waker.wake();
        }
    }

    pub(crate) fn add_hook(&self, hook: fn()) {
        let mut state = lock(&self.state);
        if !state.hooks.contains(&hook) {
            state.hooks.push(hook);
        }
    }
}

/// Locks `mutex`, ignoring poisoning: no user code runs under these locks
/// (wakers are woken after unlocking), so a poisoned lock still guards
/// consistent data.
fn lock<T>(mutex: &Mutex<T>) -> crate::loom::sync::MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

pub(crate) use process::*;

mod process {
    use super::Slot;
    use std::io::{self, Read};
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;

    /// The process-wide state, created by the first runtime with the signal
    /// driver and never dropped (signal handlers may run at any time until
    /// the process exits).
    pub(crate) struct Globals {
        /// Indexed by signal number.
        slots: Box<[Slot]>,
        /// The pipe's write end; only the handler writes to it.
        sender: UnixStream,
        /// The pipe's read end; drivers read through duplicates of it.
        receiver: UnixStream,
        next_listener: AtomicU64,
    }

    static GLOBALS: OnceLock<Globals> = OnceLock::new();
    // `get_or_init` cannot fail; the pipe can. Creation is serialised here.
    static INIT: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// The largest signal number this platform has.
    pub(crate) fn max_signal() -> i32 {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            libc::SIGRTMAX()
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        {
            31
        }
    }

    /// The registry, creating it (and the self-pipe) on first use.
    pub(crate) fn globals() -> io::Result<&'static Globals> {
        if let Some(g) = GLOBALS.get() {
            return Ok(g);
        }
        let _guard = INIT.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(g) = GLOBALS.get() {
            return Ok(g);
        }
        let (sender, receiver) = UnixStream::pair()?;
        // The handler must never block; drivers read until `WouldBlock`.
        sender.set_nonblocking(true)?;
        receiver.set_nonblocking(true)?;
        let len = usize::try_from(max_signal()).unwrap_or(31) + 1;
        let g = Globals {
            slots: (0..len).map(|_| Slot::new()).collect(),
            sender,
            receiver,
            next_listener: AtomicU64::new(1),
        };
        Ok(GLOBALS.get_or_init(|| g))
    }

    impl Globals {
        /// The slot of `signum`, if it is a valid signal number.
        pub(crate) fn slot(&self, signum: i32) -> Option<&Slot> {
            usize::try_from(signum).ok().and_then(|i| self.slots.get(i))
        }

        pub(crate) fn next_listener_id(&self) -> u64 {
            self.next_listener.fetch_add(1, Ordering::Relaxed)
        }

        /// A duplicate of the pipe's read end, for one driver.
        pub(crate) fn receiver(&self) -> io::Result<UnixStream> {
            self.receiver.try_clone()
        }

        /// Every slot, for a driver shutting down.
        pub(crate) fn slots(&self) -> &[Slot] {
            &self.slots
        }
    }

    /// Drains `receiver` (rule 2's first half). Returns whether anything
    /// was read; `WouldBlock` ends the drain.
    pub(crate) fn drain(mut receiver: impl Read) -> io::Result<bool> {
        let mut buf = [0u8; 128];
        let mut any = false;
        loop {
            match receiver.read(&mut buf) {
                // The write end lives as long as the process: not reached.
                Ok(0) => return Ok(any),
                Ok(_) => any = true,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(any),
                Err(e) => return Err(e),
            }
        }
    }

    /// Rule 2's second half: dispatches every pending slot, then runs the
    /// hooks of the dispatched ones.
    pub(crate) fn dispatch_all() {
        let Some(g) = GLOBALS.get() else { return };
        for slot in g.slots.iter() {
            for hook in slot.dispatch() {
                hook();
            }
        }
    }

    /// Signals whose default action cannot be replaced, or whose handler
    /// must not return (a fault): Tokio refuses the same set.
    fn is_forbidden(signum: i32) -> bool {
        matches!(
            signum,
            libc::SIGILL | libc::SIGFPE | libc::SIGKILL | libc::SIGSEGV | libc::SIGSTOP
        )
    }

    /// Installs rt's handler for `signum` (once per process; later calls
    /// return the first call's outcome).
    pub(crate) fn install(signum: i32) -> io::Result<&'static Slot> {
        if signum <= 0 || is_forbidden(signum) {
            return Err(io::Error::other(format!(
                "rt-signal: refusing to register signal {signum}: it is not a signal \
                 a program may handle (SIGKILL, SIGSTOP, SIGILL, SIGFPE, SIGSEGV and \
                 non-positive numbers are refused)"
            )));
        }
        let g = globals()?;
        let Some(slot) = g.slot(signum) else {
            return Err(io::Error::other(format!(
                "rt-signal: invalid signal number {signum} (this platform's largest is {})",
                max_signal()
            )));
        };
        let outcome = slot.install.get_or_init(|| {
            // SAFETY: `sigaction` is called with a zeroed struct (a valid
            // empty `sigaction`: no handler, empty mask, no flags) that we
            // then fill in, and valid pointers to locals. Reading the old
            // action first lets the handler chain it (rule 4: `prev` is set
            // before our handler can run).
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signum, std::ptr::null(), &mut old) != 0 {
                    return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
                }
                let _ = slot.prev.set(old);
                let mut new: libc::sigaction = std::mem::zeroed();
                new.sa_sigaction = handler as *const () as usize;
                new.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
                libc::sigemptyset(&mut new.sa_mask);
                if libc::sigaction(signum, &new, std::ptr::null_mut()) != 0 {
                    return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
                }
            }
            Ok(())
        });
        match outcome {
            Ok(()) => Ok(slot),
            Err(errno) => Err(io::Error::from_raw_os_error(*errno)),
        }
    }

    /// The signal handler (rule 4: async-signal-safe only).
    extern "C" fn handler(signum: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
        let saved = errno();
        if let Some(g) = GLOBALS.get() {
            if let Some(slot) = g.slot(signum) {
                // Rule 4: the earlier handler first.
                if let Some(prev) = slot.prev.get() {
                    chain(prev, signum, info, ctx);
                }
                // Rule 1: flag, then write.
                slot.record();
                let byte = 1u8;
                // SAFETY: `sender` is a live socket for the life of the
                // process (the globals are never dropped); the buffer is a
                // valid 1-byte local. A full pipe (EAGAIN) is fine: it is
                // already readable, so a dispatch is coming (rule 2).
                unsafe {
                    libc::write(
                        g.sender.as_raw_fd(),
                        std::ptr::addr_of!(byte).cast::<libc::c_void>(),
                        1,
                    );
                }
            }
        }
        set_errno(saved);
    }

    /// Runs the action that was installed before ours, when it was a
    /// function (not `SIG_DFL`/`SIG_IGN`).
    fn chain(
        prev: &libc::sigaction,
        signum: libc::c_int,
        info: *mut libc::siginfo_t,
        ctx: *mut libc::c_void,
    ) {
        let action = prev.sa_sigaction;
        if action == libc::SIG_DFL
            || action == libc::SIG_IGN
            || action == handler as *const () as usize
        {
            return;
        }
        if prev.sa_flags & libc::SA_SIGINFO != 0 {
            type Action = extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void);
            // SAFETY: with SA_SIGINFO set, the kernel's contract is that
            // `sa_sigaction` holds a three-argument handler; `action` is a
            // non-null function address (not SIG_DFL/SIG_IGN), taken from
            // the action the OS reported.
            let f: Action = unsafe { std::mem::transmute::<usize, Action>(action) };
            f(signum, info, ctx);
        } else {
            type Handler = extern "C" fn(libc::c_int);
            // SAFETY: without SA_SIGINFO, `sa_sigaction` holds a one-argument
            // `sa_handler`; non-null as above.
            let f: Handler = unsafe { std::mem::transmute::<usize, Handler>(action) };
            f(signum);
        }
    }

    fn errno() -> i32 {
        io::Error::last_os_error().raw_os_error().unwrap_or(0)
    }

    fn set_errno(value: i32) {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        // SAFETY: `__errno_location` returns this thread's errno slot,
        // valid for the thread's lifetime.
        unsafe {
            *libc::__errno_location() = value;
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        // SAFETY: as above, on the BSDs and macOS.
        unsafe {
            *libc::__error() = value;
        }
    }
}
