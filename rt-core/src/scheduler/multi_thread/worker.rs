//! The worker loop: find a task (LIFO slot, local queue, injector, steal),
//! run it, park when there is nothing to do.
//!
//! A worker that finds nothing while it is searching (idle rule 1: at most
//! half the workers at once) keeps searching for up to [`SPIN_FOR`] before
//! it parks. While it searches, producers skip their wake-up (idle rule 2:
//! a searcher will find the work), so work that arrives within that time,
//! such as the next message of a ping-pong between `block_on` and a task,
//! costs no futex or eventfd wake-up and no cross-CPU wake of a halted
//! vCPU. Parking afterwards follows idle rule 3 unchanged, so the spin only
//! lengthens a search. One worker spins at a time, after polling the
//! driver without blocking if it is free (as parking would have), so I/O
//! and timers keep moving; LIFO slots are not stolen by the spin's looks.
//! Not with a single CPU or with more workers than CPUs (a spinner would
//! hold a CPU the producer needs), and not under loom.

use super::park::{Parker, Unparker};
use super::queue::{self, Local};
use super::{Handle, WorkerMetrics};
use crate::loom::lock;
use crate::loom::sync::atomic::Ordering;
use crate::runtime::context;
use crate::runtime::idle_watch::UnitGuard;
use crate::scheduler;
use crate::task::Notified;
use crossbeam_deque::Steal;
use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a searching worker keeps looking before it parks (module doc).
const SPIN_FOR: Duration = Duration::from_micros(50);
/// `spin_loop` hints between two looks at the queues while spinning.
const SPIN_PAUSES_PER_LOOK: usize = 32;

/// Tasks taken from the LIFO slot back to back before the slot's task is
/// sent to the back of the queue instead.
const MAX_LIFO_POLLS_PER_TICK: usize = 3;

type Task = Notified<Arc<Handle>>;

/// Owned by the thread currently acting as worker `index`.
pub(crate) struct Core {
    index: usize,
    /// The ring and the LIFO slot (`queue.rs`).
    run_queue: Local<Task>,
    lifo_enabled: bool,
    tick: u32,
    is_searching: bool,
    is_shutdown: bool,
    /// Parked (in `Context::park`): tasks the driver wakes on this thread
    /// meanwhile skip the LIFO slot when idle accounting is on
    /// (idle-watch rule 5).
    is_parked: bool,
    park: Parker,
    rand: FastRand,
    /// Per victim: its tick when we last found only a LIFO task there
    /// (queue rule 10).
    lifo_seen: Box<[Option<u32>]>,
    stats: Stats,
}

/// Counters accumulated locally and published to `WorkerMetrics` when the
/// worker parks (so the hot path does no shared writes).
#[derive(Default)]
struct Stats {
    polls: u64,
    steals: u64,
    parks: u64,
    busy_nanos: u64,
    busy_since: Option<Instant>,
    /// `polls` when the current busy period began.
    polls_at_busy_start: u64,
    /// Exponentially weighted mean of the time per poll (see
    /// `record_busy_period`), in nanoseconds.
    mean_poll_nanos: f64,
}

/// Weight of one poll in the mean poll time: each poll keeps 90% of the
/// previous mean (Tokio's metric uses the same α = 0.1).
const POLL_TIME_EWMA_KEEP: f64 = 0.9;

/// The scheduler context of a worker thread.
pub(crate) struct Context {
    handle: Arc<Handle>,
    index: usize,
    core: RefCell<Option<Box<Core>>>,
}

impl Core {
    pub(super) fn new(
        index: usize,
        num_workers: usize,
        park: Parker,
    ) -> (Core, queue::Steal<Task>) {
        let (run_queue, steal) = queue::local();
        let core = Core {
            index,
            run_queue,
            lifo_enabled: true,
            tick: 0,
            is_searching: false,
            is_shutdown: false,
            is_parked: false,
            park,
            rand: FastRand::new(index as u64 + 1),
            lifo_seen: vec![None; num_workers].into_boxed_slice(),
            stats: Stats::default(),
        };
        (core, steal)
    }

    pub(super) fn unparker(&self) -> Unparker {
        self.park.unparker()
    }

    fn has_tasks(&self) -> bool {
        !self.run_queue.is_empty()
    }

    /// Next task from this worker's own queues or the injector.
    fn next_task(&mut self, handle: &Handle) -> Option<Task> {
        let interval = handle.shared.config.global_queue_interval;
        if self.tick % interval == 0 {
            if let Some(task) = self.take_injected(handle) {
                return Some(task);
            }
        }
        if let Some(task) = self.run_queue.take_lifo() {
            return Some(task);
        }
        if let Some(task) = self.run_queue.pop() {
            return Some(task);
        }
        self.take_injected(handle)
    }

    /// Takes a task from the injector to run now, and moves this worker's
    /// share of what else is waiting there into its own queue (so the
    /// injector is not revisited per task).
    fn take_injected(&mut self, handle: &Handle) -> Option<Task> {
        let inject = &handle.shared.inject;
        let first = pop_injector(inject)?;
        let share = inject.len() / handle.shared.config.num_workers;
        let batch = share.min(self.run_queue.remaining()).min(INJECT_BATCH_MAX);
        for _ in 0..batch {
            let Some(task) = pop_injector(inject) else {
                break;
            };
            self.run_queue.push_back(task, inject);
        }
        Some(first)
    }

    /// Steals half of another worker's queue (random start), then tries the
    /// injector. Only while searching (idle rule 1). With `lifo` false the
    /// look never counts toward a LIFO steal (queue rule 10 needs two looks
    /// that far apart in time, not the spin's back-to-back ones).
    fn steal_work(&mut self, handle: &Handle, lifo: bool) -> Option<Task> {
        if !self.transition_to_searching(handle) {
            return None;
        }
        let remotes = &handle.shared.remotes;
        let n = remotes.len();
        let start = self.rand.next_n(n as u32) as usize;
        for i in 0..n {
            let victim = (start + i) % n;
            if victim == self.index {
                continue;
            }
            let mut scratch = None;
            let seen = if lifo {
                &mut self.lifo_seen[victim]
            } else {
                &mut scratch
            };
            if let Some(task) = remotes[victim].steal.steal_into(&mut self.run_queue, seen) {
                self.stats.steals += 1;
                return Some(task);
            }
        }
        self.take_injected(handle)
    }

    fn transition_to_searching(&mut self, handle: &Handle) -> bool {
        if !self.is_searching {
            self.is_searching = handle.shared.idle.transition_worker_to_searching();
        }
        self.is_searching
    }

    /// Idle rule 4.
    fn transition_from_searching(&mut self, handle: &Handle) {
        if !self.is_searching {
            return;
        }
        self.is_searching = false;
        if handle.shared.idle.transition_worker_from_searching() {
            handle.notify_parked();
        }
    }

    /// Idle rule 3. Returns `false` if the worker should not park (it has
    /// work of its own).
    fn transition_to_parked(&mut self, handle: &Handle) -> bool {
        if self.has_tasks() {
            return false;
        }
        let was_last = handle
            .shared
            .idle
            .transition_worker_to_parked(self.index, self.is_searching);
        self.is_searching = false;
        if was_last {
            handle.notify_if_work_pending();
        }
        true
    }

    /// Returns `true` when the worker should resume work: it was woken by
    /// idle rule 2 (it is now searching), or it has work of its own.
    fn transition_from_parked(&mut self, handle: &Handle) -> bool {
        if self.has_tasks() {
            // Work arrived in our own queue during a driver park.
            self.is_searching = handle
                .shared
                .idle
                .transition_worker_from_parked_with_work(self.index);
            return true;
        }
        if handle.shared.idle.is_parked(self.index) {
            return false;
        }
        self.is_searching = true;
        true
    }

    /// Ends a busy period: adds its time to `busy_nanos` and folds its
    /// average time per poll into the mean, weighted by its poll count.
    /// One clock read per busy period, none per poll.
    fn record_busy_period(&mut self) {
        let Some(since) = self.stats.busy_since.take() else {
            return;
        };
        let nanos = since.elapsed().as_nanos() as u64;
        self.stats.busy_nanos += nanos;
        let polls = self.stats.polls - self.stats.polls_at_busy_start;
        self.stats.polls_at_busy_start = self.stats.polls;
        if polls > 0 {
            let batch_mean = nanos as f64 / polls as f64;
            let keep = POLL_TIME_EWMA_KEEP.powi(polls.min(1_000) as i32);
            self.stats.mean_poll_nanos = if self.stats.mean_poll_nanos == 0.0 {
                batch_mean
            } else {
                self.stats.mean_poll_nanos * keep + batch_mean * (1.0 - keep)
            };
        }
    }

    fn publish_stats(&mut self, metrics: &WorkerMetrics) {
        metrics
            .mean_poll_nanos
            .store(self.stats.mean_poll_nanos as u64, Ordering::Relaxed);
        metrics
            .poll_count
            .store(self.stats.polls, Ordering::Relaxed);
        metrics
            .steal_count
            .store(self.stats.steals, Ordering::Relaxed);
        metrics
            .park_count
            .store(self.stats.parks, Ordering::Relaxed);
        metrics
            .busy_nanos
            .store(self.stats.busy_nanos, Ordering::Relaxed);
    }

    /// Cancels what this worker can claim and drops its queued references.
    pub(super) fn shutdown(&mut self, handle: &Handle) {
        self.is_shutdown = true;
        handle.shared.owned.close_and_shutdown_all();
        drop(self.run_queue.take_lifo());
        while let Some(task) = self.run_queue.pop() {
            drop(task);
        }
        handle.worker_exited();
    }
}

/// Most tasks moved from the injector into a local queue at once.
const INJECT_BATCH_MAX: usize = queue::CAP as usize / 2;

fn pop_injector(inject: &crossbeam_deque::Injector<Task>) -> Option<Task> {
    loop {
        match inject.steal() {
            Steal::Success(task) => return Some(task),
            Steal::Retry => continue,
            Steal::Empty => return None,
        }
    }
}

/// A worker thread's body (run on the blocking pool): claims core `index`
/// and runs the scheduler loop until shutdown or until `block_in_place`
/// hands the core to another thread.
pub(super) fn run(handle: Arc<Handle>, rt: scheduler::Handle, index: usize) {
    let Some(core) = lock(&handle.shared.handoff[index]).take() else {
        // The core was reclaimed (block_in_place ended first) or shut down.
        return;
    };
    let cx = scheduler::Context::MultiThread(Context {
        handle: handle.clone(),
        index,
        core: RefCell::new(None),
    });
    context::enter_runtime(&rt, || {
        context::set_scheduler(&cx, || {
            if let scheduler::Context::MultiThread(cx) = &cx {
                cx.run(core);
            }
        })
    });
}

impl Context {
    pub(crate) fn handle(&self) -> &Arc<Handle> {
        &self.handle
    }

    /// The index of the worker this thread runs as.
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    fn run(&self, mut core: Box<Core>) {
        let handle = &*self.handle;
        core.stats.busy_since = Some(Instant::now());
        crate::task::coarse_clock::refresh();
        core.is_shutdown = handle.shared.shutdown.load(Ordering::Acquire);
        while !core.is_shutdown {
            core.tick = core.tick.wrapping_add(1);
            let tick = core.tick;
            core.run_queue.set_tick(tick);
            if core.tick % handle.shared.config.event_interval == 0 {
                match self.maintenance(core) {
                    Some(c) => core = c,
                    None => return, // core handed off by block_in_place
                }
                if core.is_shutdown {
                    break;
                }
            }
            if let Some(task) = core.next_task(handle) {
                match self.run_task(task, core) {
                    Some(c) => core = c,
                    None => return, // core handed off by block_in_place
                }
                continue;
            }
            if let Some(task) = core.steal_work(handle, true) {
                match self.run_task(task, core) {
                    Some(c) => core = c,
                    None => return,
                }
                continue;
            }
            if self.try_start_spin(&core) {
                // Parking would poll the driver if it is free: do that
                // first, without blocking, so I/O and timers keep moving
                // while this worker spins.
                match self.maintenance(core) {
                    Some(c) => core = c,
                    None => {
                        handle.shared.spinning.store(false, Ordering::Release);
                        return;
                    }
                }
                if let Some(task) = self.spin_for_work(&mut core) {
                    match self.run_task(task, core) {
                        Some(c) => core = c,
                        None => return,
                    }
                    continue;
                }
            }
            core = self.park(core);
        }
        core.publish_stats(&handle.shared.remotes[self.index].metrics);
        core.shutdown(handle);
    }

    /// Whether this worker spins before parking (module doc): it is
    /// searching, spinning is on for this runtime, and no other worker is
    /// spinning. On `true` this worker holds the spin token
    /// (`Shared::spinning`) until [`spin_for_work`](Self::spin_for_work)
    /// returns.
    fn try_start_spin(&self, core: &Core) -> bool {
        !cfg!(loom)
            && self.handle.shared.config.spin_before_park
            && core.is_searching
            && !core.is_shutdown
            && !self.handle.shared.spinning.swap(true, Ordering::Acquire)
    }

    /// Keeps a searching worker looking for work for up to [`SPIN_FOR`]
    /// (module doc) before it parks; `None` if none came, or on shutdown.
    /// Called holding the spin token ([`try_start_spin`](Self::try_start_spin)),
    /// which it releases. The spin is idle time: it is not counted in the
    /// busy-time metrics.
    fn spin_for_work(&self, core: &mut Core) -> Option<Task> {
        let handle = &*self.handle;
        let spinning = &handle.shared.spinning;
        core.record_busy_period();
        let start = Instant::now();
        let found = loop {
            for _ in 0..SPIN_PAUSES_PER_LOOK {
                std::hint::spin_loop();
            }
            if let Some(task) = core.next_task(handle) {
                break Some(task);
            }
            if let Some(task) = core.steal_work(handle, false) {
                break Some(task);
            }
            if handle.shared.shutdown.load(Ordering::Acquire) || start.elapsed() >= SPIN_FOR {
                break None;
            }
        };
        spinning.store(false, Ordering::Release);
        if found.is_some() {
            core.stats.busy_since = Some(Instant::now());
        }
        found
    }

    /// Runs `task`, then the LIFO chain it creates (bounded). Returns the
    /// core, or `None` if a task moved it to another thread.
    fn run_task(&self, task: Task, mut core: Box<Core>) -> Option<Box<Core>> {
        let handle = &*self.handle;
        core.transition_from_searching(handle);
        core.stats.polls += 1;
        *self.core.borrow_mut() = Some(core);
        task.run();
        let mut lifo_polls = 0;
        loop {
            let mut core = self.core.borrow_mut().take()?;
            let Some(task) = core.run_queue.take_lifo() else {
                core.lifo_enabled = true;
                return Some(core);
            };
            if lifo_polls >= MAX_LIFO_POLLS_PER_TICK {
                // Bounded: the rest of the queue gets a turn first.
                core.run_queue.push_back(task, &handle.shared.inject);
                core.lifo_enabled = false;
                handle.notify_parked();
                return Some(core);
            }
            lifo_polls += 1;
            core.stats.polls += 1;
            *self.core.borrow_mut() = Some(core);
            task.run();
        }
    }

    /// Periodic: poll the driver without blocking (if free), publish
    /// metrics, notice shutdown. Returns `None` if code run by a wake-up
    /// moved the core to another thread (`block_in_place`).
    fn maintenance(&self, core: Box<Core>) -> Option<Box<Core>> {
        let handle = &*self.handle;
        crate::task::coarse_clock::refresh();
        // As in `park`: tasks the driver wakes now land in this worker's
        // queue (the LIFO slot first), not in the injector with another
        // worker woken to take them.
        let park = core.park.clone();
        *self.core.borrow_mut() = Some(core);
        park.park_zero();
        let mut core = self.core.borrow_mut().take()?;
        core.publish_stats(&handle.shared.remotes[self.index].metrics);
        if handle.shared.shutdown.load(Ordering::Acquire) {
            core.is_shutdown = true;
        }
        Some(core)
    }

    fn park(&self, mut core: Box<Core>) -> Box<Core> {
        let handle = &*self.handle;
        if core.transition_to_parked(handle) {
            core.record_busy_period();
            core.publish_stats(&handle.shared.remotes[self.index].metrics);
            core.is_parked = true;
            while !core.is_shutdown {
                core.stats.parks += 1;
                // Tasks woken by the driver while parked land in this
                // worker's queue: keep the core reachable for them.
                let park = core.park.clone();
                *self.core.borrow_mut() = Some(core);
                handle.common.parking(|| park.park());
                core = self
                    .core
                    .borrow_mut()
                    .take()
                    .expect("core taken while parked");
                if handle.shared.shutdown.load(Ordering::Acquire) {
                    core.is_shutdown = true;
                }
                if core.transition_from_parked(handle) {
                    break;
                }
            }
            core.is_parked = false;
            core.stats.busy_since = Some(Instant::now());
            crate::task::coarse_clock::refresh();
        }
        if handle.shared.shutdown.load(Ordering::Acquire) {
            core.is_shutdown = true;
        }
        core
    }

    /// Idle-watch rule 4: this worker has tasks of its own (asked by the
    /// driver it holds, while parked).
    pub(crate) fn has_own_work(&self) -> bool {
        match self.core.try_borrow() {
            Ok(core) => core.as_ref().is_some_and(|core| core.has_tasks()),
            // Never borrowed across a park; if it were, do not call it idle.
            Err(_) => true,
        }
    }

    /// Schedules `task` on this worker. Returns it back if the core is not
    /// here (so the caller pushes it to the injector).
    pub(super) fn schedule_local(&self, task: Task, is_yield: bool) -> Option<Task> {
        let Ok(mut core) = self.core.try_borrow_mut() else {
            return Some(task);
        };
        let Some(core) = core.as_mut() else {
            return Some(task);
        };
        // A parked worker's wake-ups (fired by the driver it holds) go where
        // a next driver thread's idle check can see them: idle-watch rule 5.
        let visible = core.is_parked && self.handle.common.idle_watch.is_some();
        let inject = &self.handle.shared.inject;
        let notify = if is_yield || !core.lifo_enabled || visible {
            core.run_queue.push_back(task, inject);
            true
        } else {
            match core.run_queue.put_lifo(task) {
                Some(prev) => {
                    core.run_queue.push_back(prev, inject);
                    true
                }
                None => false,
            }
        };
        if notify {
            // Idle rule 3: order the push before reading the idle state.
            crate::loom::sync::atomic::fence(Ordering::SeqCst);
            self.handle.notify_parked();
        }
        None
    }
}

/// Runs a blocking function on the current worker thread, first handing the
/// worker's queue to a new thread so other tasks keep running.
///
/// # Panics
///
/// Panics on the current-thread runtime (there is no other thread to take
/// over), saying to use the multi-thread runtime or `spawn_blocking`.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_multi_thread()
///     .worker_threads(2)
///     .build()
///     .unwrap();
/// let v = rt.block_on(async {
///     rt_core::spawn(async {
///         rt_core::task::block_in_place(|| {
///             std::thread::sleep(std::time::Duration::from_millis(10));
///             5
///         })
///     })
///     .await
///     .unwrap()
/// });
/// assert_eq!(v, 5);
/// ```
#[track_caller]
pub fn block_in_place<F, R>(f: F) -> R
where
    F: FnOnce() -> R,
{
    enum Outcome {
        /// Not on a worker thread: just run it (outside any runtime, or on
        /// a blocking-pool thread).
        Plain,
        /// On a worker: the core was handed off.
        HandedOff(Arc<Handle>, scheduler::Handle, usize),
        /// On a current-thread runtime.
        CurrentThread,
    }
    let outcome = context::with_scheduler(|cx| match cx {
        Some(scheduler::Context::MultiThread(cx)) => {
            let Some(core) = cx.core.borrow_mut().take() else {
                // Already handed off (nested block_in_place).
                return Outcome::Plain;
            };
            let index = cx.index;
            *lock(&cx.handle.shared.handoff[index]) = Some(core);
            let rt = context::with_current(Clone::clone).expect("worker thread has a handle");
            Outcome::HandedOff(cx.handle.clone(), rt, index)
        }
        Some(scheduler::Context::CurrentThread(_)) => Outcome::CurrentThread,
        None => Outcome::Plain,
    });
    match outcome {
        Outcome::Plain => f(),
        Outcome::CurrentThread => panic!(
            "can call `block_in_place` only on the multi-thread runtime: the current-thread \
             runtime has no other thread to keep running tasks while this one blocks. Use \
             `rt::task::spawn_blocking` instead, or build a multi-thread runtime."
        ),
        Outcome::HandedOff(handle, rt, index) => {
            Handle::spawn_worker(&handle, &rt, index);
            // Take the core back afterwards if no thread claimed it yet.
            struct Reclaim(Arc<Handle>, usize);
            impl Drop for Reclaim {
                fn drop(&mut self) {
                    let core = lock(&self.0.shared.handoff[self.1]).take();
                    if let Some(core) = core {
                        context::with_scheduler(|cx| {
                            if let Some(scheduler::Context::MultiThread(cx)) = cx {
                                *cx.core.borrow_mut() = Some(core);
                            }
                        });
                    }
                }
            }
            // Blocking work in flight, like `spawn_blocking` (idle-watch
            // rule 1); released after the core is back (drop order).
            let _unit = UnitGuard::enter(handle.common.idle_watch.as_ref());
            let _reclaim = Reclaim(handle, index);
            // Leave the runtime's "driving" state so `Handle::block_on` is
            // allowed inside, as on a blocking thread.
            context::exit_runtime(f)
        }
    }
}

/// xorshift64*: cheap per-worker randomness for victim selection.
struct FastRand(u64);

impl FastRand {
    fn new(seed: u64) -> FastRand {
        FastRand(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next_n(&mut self, n: u32) -> u32 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        let r = (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32;
        ((u64::from(r) * u64::from(n)) >> 32) as u32
    }
}
