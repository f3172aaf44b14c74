use crate::coop;
use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicBool, Ordering};
use crate::loom::sync::{Condvar, Mutex};
use crate::loom::thread;
use crate::runtime::context;
use crate::runtime::IdleWatch;
use crate::scheduler;
use crate::task::{self, JoinHandle, Notified, Schedule, SpawnMeta, Task};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// How long a thread that ran out of work spins before it waits on the
/// condvar (see the module doc's spin phase). About one cross-thread
/// wake-up's latency on a virtual machine: the usual `spawn_blocking`
/// round trip (the task awaits the result, then spawns the next piece)
/// spawns again within it.
#[cfg(not(loom))]
const SPIN_FOR: Duration = Duration::from_micros(50);

/// Loads of the handoff flag between two clock reads while spinning.
#[cfg(not(loom))]
const SPIN_LOOKS_PER_CLOCK_READ: usize = 64;

pub(crate) type Callback = Arc<dyn Fn() + Send + Sync>;
pub(crate) type ThreadNameFn = Arc<dyn Fn() -> String + Send + Sync>;

#[derive(Clone)]
pub(crate) struct PoolConfig {
    pub(crate) thread_cap: usize,
    pub(crate) keep_alive: Duration,
    pub(crate) thread_name: ThreadNameFn,
    pub(crate) stack_size: Option<usize>,
    pub(crate) after_start: Option<Callback>,
    pub(crate) before_stop: Option<Callback>,
    /// Counts each `spawn_blocking` task from its spawn until it completed
    /// or was cancelled (idle-watch rule 1); never the mandatory work.
    pub(crate) idle_watch: Option<IdleWatch>,
}

/// Owned by the `Runtime`; shuts the pool down when dropped.
pub(crate) struct BlockingPool {
    spawner: Spawner,
    is_shutdown: bool,
}

/// Cloned into every handle of the runtime.
#[derive(Clone)]
pub(crate) struct Spawner {
    inner: Arc<Inner>,
}

struct Inner {
    shared: Mutex<Shared>,
    /// Set by a spawner that left its work to the spinning thread (spin
    /// rule 2) and by shutdown (rule 4); cleared by the spinner (rule 3).
    handoff: AtomicBool,
    /// Whether threads spin before they wait (spin rule 1): not with a
    /// single CPU, where the spinner would only delay the spawner.
    spin: bool,
    /// Idle threads wait here for work.
    work: Condvar,
    /// Shutdown waits here for the last thread to exit.
    exited: Condvar,
    config: PoolConfig,
}

struct Shared {
    /// Queued work; the flag marks mandatory work (worker threads), which
    /// shutdown never cancels: a thread always runs it.
    queue: VecDeque<(Notified<BlockingSchedule>, bool)>,
    num_threads: usize,
    /// Mandatory work queued or running: threads it occupies do not count
    /// against `max_blocking_threads` (else worker threads would use up
    /// the cap and starve `spawn_blocking`).
    num_mandatory: usize,
    num_idle: usize,
    /// A thread is in its spin phase (spin rule 1); it counts neither as
    /// idle nor as busy here, and as idle in the metrics.
    spinning: bool,
    /// Notifications sent to idle threads and not yet consumed, to tell
    /// them from spurious condvar wake-ups.
    num_notify: usize,
    shutdown: bool,
    next_thread_id: usize,
    threads: Vec<(usize, thread::JoinHandle<()>)>,
    /// A thread that exited on keep-alive; joined by the next spawn.
    last_exited: Option<thread::JoinHandle<()>>,
}

/// The scheduler of blocking tasks: they are never rescheduled (their
/// future completes in its only poll) and belong to no owner list.
pub(crate) struct BlockingSchedule;

impl Schedule for BlockingSchedule {
    fn release(&self, _task: &Task<Self>) -> Option<Task<Self>> {
        None
    }

    fn schedule(&self, task: Notified<Self>) {
        // A blocking task is never woken: its future never returns Pending,
        // and an abort of a queued task finds NOTIFIED already set. Should a
        // stray Notified appear, releasing it is the correct response.
        debug_assert!(false, "a blocking task was rescheduled");
        drop(task);
    }
}

/// Runs the closure in its only poll, outside the cooperative budget.
struct BlockingTask<F>(Option<F>);

impl<F> Unpin for BlockingTask<F> {}

impl<F: FnOnce() -> R, R> Future for BlockingTask<F> {
    type Output = R;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<R> {
        let f = self
            .0
            .take()
            .expect("a blocking task was polled after it ran");
        Poll::Ready(coop::with_budget(coop::Budget::unconstrained(), f))
    }
}

impl BlockingPool {
    pub(crate) fn new(config: PoolConfig) -> BlockingPool {
        BlockingPool {
            spawner: Spawner {
                inner: Arc::new(Inner {
                    shared: Mutex::new(Shared {
                        queue: VecDeque::new(),
                        num_threads: 0,
                        num_mandatory: 0,
                        num_idle: 0,
                        spinning: false,
                        num_notify: 0,
                        shutdown: false,
                        next_thread_id: 0,
                        threads: Vec::new(),
                        last_exited: None,
                    }),
                    handoff: AtomicBool::new(false),
                    spin: cfg!(loom)
                        || std::thread::available_parallelism().is_ok_and(|n| n.get() > 1),
                    work: Condvar::new(),
                    exited: Condvar::new(),
                    config,
                }),
            },
            is_shutdown: false,
        }
    }

    pub(crate) fn spawner(&self) -> &Spawner {
        &self.spawner
    }

    /// Stops the pool: queued work is cancelled, running work is waited for
    /// up to `timeout` (`None`: as long as it takes).
    pub(crate) fn shutdown(&mut self, timeout: Option<Duration>) {
        if self.is_shutdown {
            return;
        }
        self.is_shutdown = true;
        let inner = &self.spawner.inner;
        let mut shared = lock(&inner.shared);
        shared.shutdown = true;
        // Ends a spin at once (spin rule 4: the spinner then finds
        // `shutdown` under the lock).
        inner.handoff.store(true, Ordering::Release);
        let (mandatory, queued): (VecDeque<_>, VecDeque<_>) = std::mem::take(&mut shared.queue)
            .into_iter()
            .partition(|(_, m)| *m);
        shared.queue = mandatory;
        inner.work.notify_all();
        drop(shared);
        for (task, _) in queued {
            task.into_task().shutdown();
            // Idle-watch rule 2: after the cancellation woke its JoinHandle.
            inner.work_done();
        }

        let deadline = timeout.map(|t| Instant::now() + t);
        let mut shared = lock(&inner.shared);
        while shared.num_threads > 0 {
            shared = match deadline {
                None => inner.exited.wait(shared).unwrap_or_else(|e| e.into_inner()),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        break;
                    }
                    inner
                        .exited
                        .wait_timeout(shared, deadline - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
            };
        }
        let all_exited = shared.num_threads == 0;
        let threads = std::mem::take(&mut shared.threads);
        let last = shared.last_exited.take();
        drop(shared);
        // Join the threads that are done (all of them, unless the timeout
        // hit: then the remaining ones are detached).
        if all_exited {
            for (_, t) in threads {
                let _ = t.join();
            }
        }
        if let Some(t) = last {
            let _ = t.join();
        }
    }
}

impl Drop for BlockingPool {
    fn drop(&mut self) {
        self.shutdown(None);
    }
}

impl Spawner {
    pub(crate) fn spawn_blocking<F, R>(
        &self,
        rt: &scheduler::Handle,
        f: F,
        meta: SpawnMeta,
    ) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.spawn_blocking_in(Some(rt), f, meta)
    }

    /// `spawn_blocking` whose thread enters `rt`'s context, or no context
    /// at all (`None`: the loom models, which have no runtime).
    fn spawn_blocking_in<F, R>(
        &self,
        rt: Option<&scheduler::Handle>,
        f: F,
        meta: SpawnMeta,
    ) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let (task, notified, join) = task::new_task(BlockingTask(Some(f)), BlockingSchedule, meta);
        // Blocking tasks have no owner list: release that reference now.
        drop(task);
        if let Err(e) = self.spawn_task(notified, rt, false) {
            panic!("the blocking pool failed to start a thread: {e}");
        }
        join
    }

    /// Runs `f` on a pool thread even beyond `max_blocking_threads`: for the
    /// runtime's own long-lived work (worker threads), which must never wait
    /// in the queue behind user work.
    #[track_caller]
    pub(crate) fn spawn_mandatory<F>(&self, rt: &scheduler::Handle, f: F)
    where
        F: FnOnce() + Send + 'static,
    {
        let meta = SpawnMeta::new(std::panic::Location::caller());
        let (task, notified, join) = task::new_task(BlockingTask(Some(f)), BlockingSchedule, meta);
        drop(task);
        drop(join);
        if let Err(e) = self.spawn_task(notified, Some(rt), true) {
            panic!("the runtime failed to start a worker thread: {e}");
        }
    }

    fn spawn_task(
        &self,
        task: Notified<BlockingSchedule>,
        rt: Option<&scheduler::Handle>,
        mandatory: bool,
    ) -> std::io::Result<()> {
        let inner = &self.inner;
        if !mandatory {
            // Idle-watch rule 1: in flight from now on.
            if let Some(watch) = &inner.config.idle_watch {
                watch.enter();
            }
        }
        let mut shared = lock(&inner.shared);
        if shared.shutdown {
            drop(shared);
            // The runtime is shutting down: cancel, so the JoinHandle
            // reports a cancellation instead of hanging.
            task.into_task().shutdown();
            if !mandatory {
                inner.work_done();
            }
            return Ok(());
        }
        shared.queue.push_back((task, mandatory));
        if mandatory {
            shared.num_mandatory += 1;
        }
        if shared.spinning && shared.queue.len() == 1 {
            // Spin rule 2: the spinning thread takes it, no wake-up needed.
            inner.handoff.store(true, Ordering::Release);
            return Ok(());
        }
        if shared.num_idle > 0 {
            shared.num_idle -= 1;
            shared.num_notify += 1;
            // Signal after unlocking: the woken thread needs the lock at
            // once, and would otherwise block on it again.
            drop(shared);
            inner.work.notify_one();
            return Ok(());
        }
        // (Mandatory work may briefly outnumber the threads: saturate.)
        let for_blocking = shared.num_threads.saturating_sub(shared.num_mandatory);
        if for_blocking >= inner.config.thread_cap && !mandatory {
            // At the cap: the work waits for a thread to free up.
            return Ok(());
        }
        let id = shared.next_thread_id;
        shared.next_thread_id += 1;
        let mut builder = thread::Builder::new().name((inner.config.thread_name)());
        if let Some(size) = inner.config.stack_size {
            builder = builder.stack_size(size);
        }
        let spawner = self.clone();
        let rt = rt.cloned();
        match builder.spawn(move || spawner.run(id, rt)) {
            Ok(handle) => {
                shared.num_threads += 1;
                shared.threads.push((id, handle));
                let last = shared.last_exited.take();
                drop(shared);
                if let Some(t) = last {
                    let _ = t.join();
                }
                Ok(())
            }
            Err(e) if shared.num_threads > 0 => {
                // Other threads will get to the queued work eventually.
                let _ = e;
                Ok(())
            }
            Err(e) => {
                let task = shared.queue.pop_back();
                if let Some((_, true)) = task {
                    shared.num_mandatory -= 1;
                }
                drop(shared);
                if let Some((task, mandatory)) = task {
                    task.into_task().shutdown();
                    if !mandatory {
                        inner.work_done();
                    }
                }
                Err(e)
            }
        }
    }

    fn run(&self, id: usize, rt: Option<scheduler::Handle>) {
        let inner = &self.inner;
        if let Some(f) = &inner.config.after_start {
            f();
        }
        {
            // `Handle::current()` works in blocking work.
            let _current = rt.as_ref().map(context::set_current);
            drop(rt);
            self.work_loop(id);
        }
        if let Some(f) = &inner.config.before_stop {
            f();
        }
        let mut shared = lock(&inner.shared);
        shared.num_threads -= 1;
        if shared.num_threads == 0 {
            inner.exited.notify_all();
        }
    }

    fn work_loop(&self, id: usize) {
        let inner = &self.inner;
        let mut shared = lock(&inner.shared);
        loop {
            while let Some((task, mandatory)) = shared.queue.pop_front() {
                drop(shared);
                task.run();
                if !mandatory {
                    // Idle-watch rule 2: the task completed and woke its
                    // JoinHandle first.
                    inner.work_done();
                }
                shared = lock(&inner.shared);
                if mandatory {
                    shared.num_mandatory -= 1;
                }
            }
            if shared.shutdown {
                return;
            }
            // Pool threads other than this one that run (or are about to
            // run) `spawn_blocking` work: not idle, not notified and still
            // asleep (their work may have been taken by another thread), not
            // worker threads.
            let others_busy = shared
                .num_threads
                .saturating_sub(shared.num_idle + shared.num_notify + shared.num_mandatory + 1);
            if inner.spin && !shared.spinning && others_busy == 0 {
                // Spin rule 1: this thread spins, the others wait.
                shared.spinning = true;
                drop(shared);
                self.spin_for_work();
                shared = lock(&inner.shared);
                // Spin rule 3: whatever ended the spin, the queue is looked
                // at under the lock before waiting.
                shared.spinning = false;
                inner.handoff.store(false, Ordering::Relaxed);
                if !shared.queue.is_empty() {
                    continue;
                }
                if shared.shutdown {
                    return;
                }
            }
            shared.num_idle += 1;
            loop {
                let (next, res) = inner
                    .work
                    .wait_timeout(shared, inner.config.keep_alive)
                    .unwrap_or_else(|e| e.into_inner());
                shared = next;
                if shared.num_notify > 0 {
                    // Woken for work; the notifier already un-counted us.
                    shared.num_notify -= 1;
                    break;
                }
                if shared.shutdown {
                    shared.num_idle -= 1;
                    return;
                }
                if res.timed_out() {
                    // Keep-alive expired: exit, handing our JoinHandle over
                    // to be joined by the next spawn (or shutdown).
                    shared.num_idle -= 1;
                    if let Some(pos) = shared.threads.iter().position(|(i, _)| *i == id) {
                        let (_, me) = shared.threads.swap_remove(pos);
                        if let Some(prev) = shared.last_exited.replace(me) {
                            drop(shared);
                            let _ = prev.join();
                        }
                    }
                    return;
                }
                // Spurious wake-up: keep waiting.
            }
        }
    }

    pub(crate) fn num_threads(&self) -> usize {
        lock(&self.inner.shared).num_threads
    }

    pub(crate) fn num_idle_threads(&self) -> usize {
        let shared = lock(&self.inner.shared);
        shared.num_idle + usize::from(shared.spinning)
    }

    /// Spin rule 3: returns when a spawner handed work over, or after
    /// [`SPIN_FOR`] (loom: after two looks).
    fn spin_for_work(&self) {
        let handoff = &self.inner.handoff;
        #[cfg(not(loom))]
        {
            let start = Instant::now();
            loop {
                for _ in 0..SPIN_LOOKS_PER_CLOCK_READ {
                    if handoff.load(Ordering::Acquire) {
                        return;
                    }
                    std::hint::spin_loop();
                }
                if start.elapsed() >= SPIN_FOR {
                    return;
                }
            }
        }
        #[cfg(loom)]
        for _ in 0..2 {
            if handoff.load(Ordering::Acquire) {
                return;
            }
            crate::loom::thread::yield_now();
        }
    }

    pub(crate) fn queue_depth(&self) -> usize {
        lock(&self.inner.shared).queue.len()
    }
}

impl Inner {
    /// A `spawn_blocking` task is no longer in flight (idle-watch rule 1).
    fn work_done(&self) {
        if let Some(watch) = &self.config.idle_watch {
            watch.exit();
        }
    }
}

impl fmt::Debug for Spawner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Spawner").finish_non_exhaustive()
    }
}

/// Loom models of the pool's shutdown against spawns, idle-thread wake-ups
/// and the queue. Loom's `Condvar::wait_timeout` never times out, so the
/// keep-alive exit is outside these models; everything else runs the real
/// code on loom threads and loom's mutex and condvars.
#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::loom::sync::atomic::{AtomicUsize, Ordering};
    use loom::future::block_on;

    fn pool(thread_cap: usize) -> BlockingPool {
        BlockingPool::new(PoolConfig {
            thread_cap,
            keep_alive: Duration::from_secs(10),
            thread_name: Arc::new(|| "rt-blocking".to_string()),
            stack_size: None,
            after_start: None,
            before_stop: None,
            idle_watch: None,
        })
    }

    /// Spawns work that counts its runs in `ran` and returns `value`.
    fn spawn(spawner: &Spawner, ran: &loom::sync::Arc<AtomicUsize>, value: u32) -> JoinHandle<u32> {
        let ran = ran.clone();
        let meta = SpawnMeta::new(std::panic::Location::caller());
        spawner.spawn_blocking_in(
            None,
            move || {
                ran.fetch_add(1, Ordering::SeqCst);
                value
            },
            meta,
        )
    }

    /// After shutdown, every JoinHandle is resolved (loom reports a
    /// deadlock if `block_on` would wait forever): with the work's value
    /// when it ran, with a cancellation when it did not.
    fn resolved(join: JoinHandle<u32>, value: u32) -> bool {
        match block_on(join) {
            Ok(v) => {
                assert_eq!(v, value);
                true
            }
            Err(e) => {
                assert!(e.is_cancelled(), "blocking work failed: {e}");
                false
            }
        }
    }

    /// Spawns work returning `value` from another thread while this one
    /// shuts the pool down (after `primed` round trips, which leave a
    /// thread behind, idle or on its way there).
    fn spawn_races_shutdown(primed: usize, value: u32) {
        let mut pool = pool(2);
        let spawner = pool.spawner().clone();
        let ran = loom::sync::Arc::new(AtomicUsize::new(0));
        for _ in 0..primed {
            assert!(resolved(spawn(&spawner, &ran, 1), 1));
        }
        let t = {
            let (spawner, ran) = (spawner.clone(), ran.clone());
            loom::thread::spawn(move || spawn(&spawner, &ran, value))
        };
        pool.shutdown(None);
        // Shutdown waited for every thread it knew about; a spawn after it
        // started no thread.
        assert_eq!(spawner.num_threads(), 0);
        let did_run = resolved(t.join().unwrap(), value);
        assert_eq!(ran.load(Ordering::SeqCst), primed + usize::from(did_run));
    }

    #[test]
    fn loom_blocking_spawn_races_shutdown() {
        loom::model(|| spawn_races_shutdown(0, 7));
    }

    #[test]
    fn loom_blocking_idle_thread_wakeup_races_shutdown() {
        loom::model(|| spawn_races_shutdown(1, 2));
    }

    /// The thread that ran the first piece of work goes on to spin; the
    /// second spawn either hands its work over (spin rule 2) or finds the
    /// thread past its spin, and the work runs either way (rule 3).
    #[test]
    fn loom_blocking_spawn_races_spin() {
        loom::model(|| {
            let mut pool = pool(1);
            let spawner = pool.spawner().clone();
            let ran = loom::sync::Arc::new(AtomicUsize::new(0));
            assert!(resolved(spawn(&spawner, &ran, 1), 1));
            assert!(resolved(spawn(&spawner, &ran, 2), 2));
            pool.shutdown(None);
            assert_eq!(spawner.num_threads(), 0);
            assert_eq!(ran.load(Ordering::SeqCst), 2);
        });
    }

    #[test]
    fn loom_blocking_queued_work_races_shutdown() {
        loom::model(|| {
            // One thread: the second piece of work waits in the queue, and
            // shutdown's cancellation races the thread popping it.
            let mut pool = pool(1);
            let spawner = pool.spawner().clone();
            let ran = loom::sync::Arc::new(AtomicUsize::new(0));
            let first = spawn(&spawner, &ran, 1);
            let second = spawn(&spawner, &ran, 2);
            pool.shutdown(None);
            assert_eq!(spawner.num_threads(), 0);
            let runs = usize::from(resolved(first, 1)) + usize::from(resolved(second, 2));
            assert_eq!(ran.load(Ordering::SeqCst), runs);
        });
    }
}
