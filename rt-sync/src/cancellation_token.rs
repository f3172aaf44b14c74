//! [`CancellationToken`]: a tree of one-shot cancellation signals.
//!
//! Tokio keeps this type in `tokio-util`; rt ships it in `rt::sync`.
//!
//! # Protocol
//!
//! Every token is a handle to a `Node`; clones share the node and
//! `child_token` makes a new node below it.
//!
//! ```text
//! Node   { handles: AtomicUsize, cancelled: AtomicBool, synced: Mutex<Synced> }
//! Synced { cancelled: bool, parent: Option<Link>,
//!          children: WaitList<Arc<Node>>, waiters: WaitList<Option<Waker>> }
//! Link   { node: Arc<Node>, key: Key }      // our slot in `node.children`
//! ```
//!
//! 1. **Edges.** A child is in its parent's `children` exactly while its
//!    `parent` link names that parent and holds the slot's key. Both sides
//!    change together, with the parent's lock held and then the child's.
//!    Locks are only ever taken ancestor before descendant; a node only ever
//!    moves up to an ancestor (rule 4), so this order is acyclic and cannot
//!    deadlock. A `parent` that is `None` stays `None`.
//! 2. **Cancelled is final.** `Synced::cancelled` goes from false to true
//!    once, under the node's lock; the same critical section stores the
//!    atomic mirror (`Release`, read by `is_cancelled` with `Acquire`) and
//!    unlinks every waiter. Their wakers are woken after all locks are
//!    released.
//! 3. **Propagation.** Whoever marks a node cancelled (rule 2) owns the job
//!    of cancelling its children: under the node's lock it unlinks each child
//!    (rule 1) and marks it unless it is already marked, then, under that
//!    child's lock, does the same one level down. An explicit worklist
//!    replaces recursion, so deep trees cannot overflow the stack. A child
//!    already marked by someone else is only unlinked: its marker owns it.
//!    `child_token` on a cancelled node returns a cancelled node that is
//!    never linked.
//! 4. **Handles.** `handles` counts [`CancellationToken`]s (clones, owned
//!    futures and drop guards hold one). The drop that takes it to 0
//!    *detaches* the node: it unlinks it from its parent and, unless the node
//!    is cancelled, moves its children up to that parent (or makes them roots
//!    when there is none). Nobody can cancel the node after that, so no
//!    cancellation is lost, and neither a parent's `children` nor a chain of
//!    dropped intermediate tokens grows with tokens that were dropped. The
//!    children of a cancelled node are left to its marker (rule 3).
//! 5. **Waiters.** A cancellation future owns its slot in `waiters`, queued
//!    only under a lock that found `cancelled` false, and removes the slot
//!    when it completes or is dropped. Marking and queueing are serialized by
//!    the node's lock, so no wake-up is lost.
//!
//! Every strong reference cycle (a parent's `children` and a child's `parent`
//! link) is broken by rule 3 or rule 4, so dropped trees are freed.

use crate::loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use crate::loom::sync::{Arc, Mutex};
use crate::util::wait_list::{Key, WaitList};
use crate::util::{lock, register_waker, WakeList};
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};

/// A token that signals cancellation to any number of tasks.
///
/// Tasks wait for the signal with [`cancelled`](CancellationToken::cancelled)
/// (typically as a `select!` branch) or check it with
/// [`is_cancelled`](CancellationToken::is_cancelled); anyone holding the
/// token sends it with [`cancel`](CancellationToken::cancel). Cancellation is
/// final.
///
/// Clones share one signal: cancelling any clone cancels them all. A
/// [`child_token`](CancellationToken::child_token) is cancelled together with
/// its parent, but cancelling the child leaves the parent alone, which makes
/// trees of work (a server, its connections, their requests) easy to shut
/// down piecewise.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// use rt_sync::CancellationToken;
///
/// let token = CancellationToken::new();
/// let worker_token = token.clone();
/// let worker = std::thread::spawn(move || {
///     block_on(worker_token.cancelled());
///     "stopped"
/// });
/// token.cancel();
/// assert_eq!(worker.join().unwrap(), "stopped");
/// ```
pub struct CancellationToken {
    node: Arc<Node>,
}

struct Node {
    /// Rule 4: live `CancellationToken` handles.
    handles: AtomicUsize,
    /// Rule 2: mirror of `Synced::cancelled`.
    cancelled: AtomicBool,
    synced: Mutex<Synced>,
}

struct Synced {
    cancelled: bool,
    parent: Option<Link>,
    children: WaitList<Arc<Node>>,
    waiters: WaitList<Option<Waker>>,
}

/// Rule 1: a child's side of its edge.
struct Link {
    node: Arc<Node>,
    key: Key,
}

impl Node {
    fn new(cancelled: bool) -> Node {
        Node {
            handles: AtomicUsize::new(1),
            cancelled: AtomicBool::new(cancelled),
            synced: Mutex::new(Synced {
                cancelled,
                parent: None,
                children: WaitList::new(),
                waiters: WaitList::new(),
            }),
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Acquire)
    }

    /// Rule 2; called with `synced` (this node's state) locked and
    /// `cancelled` false.
    fn mark(&self, synced: &mut Synced, wakers: &mut WakeList) {
        debug_assert!(!synced.cancelled);
        synced.cancelled = true;
        self.cancelled.store(true, Ordering::Release);
        synced.waiters.unlink_all(|waker| wakers.push(waker.take()));
    }

    /// Rules 2-3: cancels this node and its whole subtree.
    fn cancel(this: &Arc<Node>) {
        let mut wakers = WakeList::new();
        let mut marked = Vec::new();
        {
            let mut synced = lock(&this.synced);
            if synced.cancelled {
                return;
            }
            this.mark(&mut synced, &mut wakers);
            cancel_children(&mut synced, &mut wakers, &mut marked);
        }
        while let Some(node) = marked.pop() {
            let mut synced = lock(&node.synced);
            cancel_children(&mut synced, &mut wakers, &mut marked);
        }
        wakers.wake_all();
    }

    /// Rule 4: the last handle is gone.
    fn detach(this: &Arc<Node>) {
        loop {
            let parent = lock(&this.synced)
                .parent
                .as_ref()
                .map(|link| link.node.clone());
            let Some(parent) = parent else {
                // Rule 1: no parent now means no parent ever again.
                let mut synced = lock(&this.synced);
                if !synced.cancelled {
                    move_children(&mut synced, None);
                }
                return;
            };
            let mut parent_synced = lock(&parent.synced);
            let mut synced = lock(&this.synced);
            let still_parent = matches!(
                &synced.parent,
                Some(link) if Arc::ptr_eq(&link.node, &parent)
            );
            if !still_parent {
                // Moved up (rule 4) or unlinked by a canceller (rule 3)
                // between the two locks: look again.
                continue;
            }
            let link = synced.parent.take().expect("checked above");
            parent_synced.children.remove(link.key);
            if !synced.cancelled {
                // The parent is not cancelled: a canceller would have
                // unlinked us under the lock we hold (rule 3).
                move_children(&mut synced, Some((&parent, &mut parent_synced)));
            }
            return;
        }
    }
}

/// Rule 3: unlinks every child of a marked node, marking the ones nobody
/// marked yet and collecting them in `marked` for the next level.
fn cancel_children(synced: &mut Synced, wakers: &mut WakeList, marked: &mut Vec<Arc<Node>>) {
    debug_assert!(synced.cancelled);
    let mut children = Vec::new();
    synced
        .children
        .unlink_all(|child| children.push(child.clone()));
    for child in children {
        let mut child_synced = lock(&child.synced);
        let link = child_synced
            .parent
            .take()
            .expect("rule 1: a linked child links back to its parent");
        synced.children.remove(link.key);
        if !child_synced.cancelled {
            child.mark(&mut child_synced, wakers);
            drop(child_synced);
            marked.push(child);
        }
    }
}

/// Rule 4: moves every child of `synced`'s node to `parent`, or makes them
/// roots. Called with the node's lock (and the parent's) held.
fn move_children(synced: &mut Synced, mut parent: Option<(&Arc<Node>, &mut Synced)>) {
    let mut children = Vec::new();
    synced
        .children
        .unlink_all(|child| children.push(child.clone()));
    for child in children {
        let mut child_synced = lock(&child.synced);
        let link = child_synced
            .parent
            .take()
            .expect("rule 1: a linked child links back to its parent");
        synced.children.remove(link.key);
        if let Some((parent, parent_synced)) = parent.as_mut() {
            let key = parent_synced.children.insert_back(child.clone());
            child_synced.parent = Some(Link {
                node: Arc::clone(parent),
                key,
            });
        }
    }
}

impl CancellationToken {
    /// Creates a token that is not cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = rt_sync::CancellationToken::new();
    /// assert!(!token.is_cancelled());
    /// ```
    pub fn new() -> CancellationToken {
        CancellationToken {
            node: Arc::new(Node::new(false)),
        }
    }

    /// Creates a child token: it is cancelled when this token is (or already
    /// is, if this token is cancelled now), while cancelling the child does
    /// not affect this token.
    ///
    /// Dropping a child costs its parent nothing: the parent does not keep
    /// track of dropped children.
    ///
    /// # Examples
    ///
    /// ```
    /// let parent = rt_sync::CancellationToken::new();
    /// let child = parent.child_token();
    /// child.cancel();
    /// assert!(!parent.is_cancelled());
    ///
    /// let child = parent.child_token();
    /// parent.cancel();
    /// assert!(child.is_cancelled());
    /// ```
    pub fn child_token(&self) -> CancellationToken {
        let mut synced = lock(&self.node.synced);
        if synced.cancelled {
            // Rule 3: born cancelled, never linked.
            return CancellationToken {
                node: Arc::new(Node::new(true)),
            };
        }
        let child = Arc::new(Node::new(false));
        let key = synced.children.insert_back(child.clone());
        // Rule 1: parent's lock, then the (new) child's.
        lock(&child.synced).parent = Some(Link {
            node: self.node.clone(),
            key,
        });
        drop(synced);
        CancellationToken { node: child }
    }

    /// Cancels this token, its clones and every token derived from it with
    /// [`child_token`](CancellationToken::child_token), and wakes every task
    /// waiting in [`cancelled`](CancellationToken::cancelled).
    ///
    /// Cancelling again does nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = rt_sync::CancellationToken::new();
    /// let grandchild = token.child_token().child_token();
    /// token.cancel();
    /// assert!(grandchild.is_cancelled());
    /// ```
    pub fn cancel(&self) {
        Node::cancel(&self.node);
    }

    /// Returns `true` if the token has been cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = rt_sync::CancellationToken::new();
    /// let clone = token.clone();
    /// clone.cancel();
    /// assert!(token.is_cancelled());
    /// ```
    pub fn is_cancelled(&self) -> bool {
        self.node.is_cancelled()
    }

    /// Returns a future that completes once the token is cancelled
    /// (at once if it already is).
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe: dropping the future loses nothing, and a
    /// new call observes the cancellation just the same.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
    /// # }
    /// let token = rt_sync::CancellationToken::new();
    /// let t2 = token.clone();
    /// std::thread::spawn(move || t2.cancel());
    /// block_on(token.cancelled());
    /// assert!(token.is_cancelled());
    /// ```
    pub fn cancelled(&self) -> WaitForCancellationFuture<'_> {
        WaitForCancellationFuture {
            token: self,
            waiter: Waiter { key: None },
        }
    }

    /// Like [`cancelled`](CancellationToken::cancelled), but the future owns
    /// the token, so it has no lifetime and can be moved into a task.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
    /// # }
    /// let token = rt_sync::CancellationToken::new();
    /// let waiting = token.clone().cancelled_owned();
    /// let t = std::thread::spawn(move || block_on(waiting));
    /// token.cancel();
    /// t.join().unwrap();
    /// ```
    pub fn cancelled_owned(self) -> WaitForCancellationFutureOwned {
        WaitForCancellationFutureOwned {
            token: self,
            waiter: Waiter { key: None },
        }
    }

    /// Returns a guard that cancels this token when dropped, unless it is
    /// [`disarm`](DropGuard::disarm)ed first.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = rt_sync::CancellationToken::new();
    /// let guard = token.clone().drop_guard();
    /// drop(guard);
    /// assert!(token.is_cancelled());
    /// ```
    pub fn drop_guard(self) -> DropGuard {
        DropGuard { token: Some(self) }
    }

    /// Like [`drop_guard`](CancellationToken::drop_guard), but the guard
    /// borrows the token instead of owning a clone.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = rt_sync::CancellationToken::new();
    /// {
    ///     let _guard = token.drop_guard_ref();
    /// }
    /// assert!(token.is_cancelled());
    /// ```
    pub fn drop_guard_ref(&self) -> DropGuardRef<'_> {
        DropGuardRef { token: Some(self) }
    }

    /// Runs `fut` to completion unless the token is cancelled first.
    ///
    /// Returns `Some(output)` if `fut` completed, or `None` if the token was
    /// cancelled, in which case `fut` is dropped unfinished. Each poll checks
    /// the token before polling `fut`, so a token that is already cancelled
    /// returns `None` without polling `fut` at all.
    ///
    /// # Cancel safety
    ///
    /// Cancelling this future drops `fut`: it is exactly as cancel safe as
    /// `fut`.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let token = rt_sync::CancellationToken::new();
    /// assert_eq!(block_on(token.run_until_cancelled(async { 7 })), Some(7));
    /// token.cancel();
    /// assert_eq!(block_on(token.run_until_cancelled(std::future::pending::<()>())), None);
    /// ```
    pub async fn run_until_cancelled<F: Future>(&self, fut: F) -> Option<F::Output> {
        run_until_cancelled(self.cancelled(), fut).await
    }

    /// Like [`run_until_cancelled`](CancellationToken::run_until_cancelled),
    /// but the returned future owns the token.
    ///
    /// # Cancel safety
    ///
    /// Cancelling this future drops `fut`: it is exactly as cancel safe as
    /// `fut`.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let token = rt_sync::CancellationToken::new();
    /// let fut = token.clone().run_until_cancelled_owned(async { "done" });
    /// assert_eq!(block_on(fut), Some("done"));
    /// ```
    pub async fn run_until_cancelled_owned<F: Future>(self, fut: F) -> Option<F::Output> {
        run_until_cancelled(self.cancelled_owned(), fut).await
    }
}

/// Polls `cancelled` before `fut` on every poll.
async fn run_until_cancelled<C, F>(cancelled: C, fut: F) -> Option<F::Output>
where
    C: Future<Output = ()>,
    F: Future,
{
    let mut cancelled = pin!(cancelled);
    let mut fut = pin!(fut);
    poll_fn(|cx| {
        if cancelled.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        fut.as_mut().poll(cx).map(Some)
    })
    .await
}

impl Clone for CancellationToken {
    /// Returns a handle to the same token: cancelling either cancels both.
    fn clone(&self) -> CancellationToken {
        // Rule 4: a handle exists, so the count is not 0 and cannot reach 0
        // before this increment.
        self.node.handles.fetch_add(1, Ordering::Relaxed);
        CancellationToken {
            node: self.node.clone(),
        }
    }
}

impl Drop for CancellationToken {
    fn drop(&mut self) {
        if self.node.handles.fetch_sub(1, Ordering::AcqRel) == 1 {
            Node::detach(&self.node);
        }
    }
}

impl Default for CancellationToken {
    fn default() -> CancellationToken {
        CancellationToken::new()
    }
}

impl fmt::Debug for CancellationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancellationToken")
            .field("is_cancelled", &self.is_cancelled())
            .finish()
    }
}

/// A cancellation future's slot in `waiters` (rule 5).
struct Waiter {
    key: Option<Key>,
}

impl Waiter {
    fn poll(&mut self, node: &Node, cx: &Context<'_>) -> Poll<()> {
        if node.is_cancelled() {
            self.remove(node);
            return Poll::Ready(());
        }
        let mut synced = lock(&node.synced);
        if synced.cancelled {
            if let Some(key) = self.key.take() {
                // Wakers are dropped after the lock (see `register_waker`).
                let removed = synced.waiters.remove(key);
                drop(synced);
                drop(removed);
            }
            return Poll::Ready(());
        }
        match &self.key {
            Some(key) => {
                let replaced = register_waker(synced.waiters.get_mut(key), cx);
                drop(synced);
                drop(replaced);
            }
            None => self.key = Some(synced.waiters.insert_back(Some(cx.waker().clone()))),
        }
        Poll::Pending
    }

    fn remove(&mut self, node: &Node) {
        if let Some(key) = self.key.take() {
            // The guard is a temporary of this statement; the waker is
            // dropped after it (see `util::register_waker`).
            let waker = lock(&node.synced).waiters.remove(key);
            drop(waker);
        }
    }
}

/// Future returned by [`CancellationToken::cancelled`]; completes once the
/// token is cancelled.
///
/// # Examples
///
/// ```
/// use std::future::Future;
/// use std::task::{Context, Poll, Waker};
///
/// let token = rt_sync::CancellationToken::new();
/// let mut fut: rt_sync::WaitForCancellationFuture<'_> = token.cancelled();
/// let mut cx = Context::from_waker(Waker::noop());
/// assert!(std::pin::Pin::new(&mut fut).poll(&mut cx).is_pending());
/// token.cancel();
/// assert!(std::pin::Pin::new(&mut fut).poll(&mut cx).is_ready());
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct WaitForCancellationFuture<'a> {
    token: &'a CancellationToken,
    waiter: Waiter,
}

impl Future for WaitForCancellationFuture<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.waiter.poll(&this.token.node, cx)
    }
}

impl Drop for WaitForCancellationFuture<'_> {
    fn drop(&mut self) {
        self.waiter.remove(&self.token.node);
    }
}

impl fmt::Debug for WaitForCancellationFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitForCancellationFuture")
            .finish_non_exhaustive()
    }
}

/// Future returned by [`CancellationToken::cancelled_owned`]; owns its token.
///
/// # Examples
///
/// ```
/// let token = rt_sync::CancellationToken::new();
/// let fut: rt_sync::WaitForCancellationFutureOwned = token.clone().cancelled_owned();
/// // No lifetime: it can be stored anywhere.
/// let boxed: Box<dyn std::future::Future<Output = ()> + Send> = Box::new(fut);
/// # drop(boxed);
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct WaitForCancellationFutureOwned {
    token: CancellationToken,
    waiter: Waiter,
}

impl Future for WaitForCancellationFutureOwned {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.waiter.poll(&this.token.node, cx)
    }
}

impl Drop for WaitForCancellationFutureOwned {
    fn drop(&mut self) {
        self.waiter.remove(&self.token.node);
    }
}

impl fmt::Debug for WaitForCancellationFutureOwned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitForCancellationFutureOwned")
            .finish_non_exhaustive()
    }
}

/// Cancels its token when dropped; made by
/// [`CancellationToken::drop_guard`].
///
/// # Examples
///
/// ```
/// let token = rt_sync::CancellationToken::new();
/// {
///     let _guard = token.clone().drop_guard();
///     // However this scope is left (returning early, unwinding),
///     // `token` is cancelled.
/// }
/// assert!(token.is_cancelled());
/// ```
#[must_use = "a DropGuard cancels its token as soon as it is dropped"]
pub struct DropGuard {
    /// `None` once disarmed.
    token: Option<CancellationToken>,
}

impl DropGuard {
    /// Returns the token without cancelling it.
    ///
    /// # Examples
    ///
    /// ```
    /// let guard = rt_sync::CancellationToken::new().drop_guard();
    /// let token = guard.disarm();
    /// assert!(!token.is_cancelled());
    /// ```
    pub fn disarm(mut self) -> CancellationToken {
        self.token
            .take()
            .expect("a DropGuard is armed until disarmed")
    }
}

impl Drop for DropGuard {
    fn drop(&mut self) {
        if let Some(token) = self.token.take() {
            token.cancel();
        }
    }
}

impl fmt::Debug for DropGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DropGuard")
            .field("token", &self.token)
            .finish()
    }
}

/// Cancels the token it borrows when dropped; made by
/// [`CancellationToken::drop_guard_ref`].
///
/// # Examples
///
/// ```
/// let token = rt_sync::CancellationToken::new();
/// let guard: rt_sync::DropGuardRef<'_> = token.drop_guard_ref();
/// drop(guard);
/// assert!(token.is_cancelled());
/// ```
#[must_use = "a DropGuardRef cancels its token as soon as it is dropped"]
pub struct DropGuardRef<'a> {
    /// `None` once disarmed.
    token: Option<&'a CancellationToken>,
}

impl<'a> DropGuardRef<'a> {
    /// Returns the borrowed token without cancelling it.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = rt_sync::CancellationToken::new();
    /// let same = token.drop_guard_ref().disarm();
    /// assert!(!same.is_cancelled());
    /// ```
    pub fn disarm(mut self) -> &'a CancellationToken {
        self.token
            .take()
            .expect("a DropGuardRef is armed until disarmed")
    }
}

impl Drop for DropGuardRef<'_> {
    fn drop(&mut self) {
        if let Some(token) = self.token.take() {
            token.cancel();
        }
    }
}

impl fmt::Debug for DropGuardRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DropGuardRef")
            .field("token", &self.token)
            .finish()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn child_count(token: &CancellationToken) -> usize {
        lock(&token.node.synced).children.len()
    }

    #[test]
    fn dropped_children_leave_no_trace_in_the_parent() {
        let parent = CancellationToken::new();
        for i in 0..100 {
            let child = parent.child_token();
            let _grandchild = child.child_token();
            if i % 2 == 0 {
                // Cancelled children are unlinked when dropped too.
                child.cancel();
            }
        }
        assert_eq!(child_count(&parent), 0);
    }

    #[test]
    fn dropped_intermediate_moves_children_up() {
        let root = CancellationToken::new();
        let mut leaf = root.child_token();
        for _ in 0..100 {
            // Each step drops the previous (intermediate) token.
            leaf = leaf.child_token();
        }
        // The leaf hangs directly off the root: no chain of dead nodes.
        assert_eq!(child_count(&root), 1);
        let parent = lock(&leaf.node.synced)
            .parent
            .as_ref()
            .map(|link| link.node.clone())
            .unwrap();
        assert!(Arc::ptr_eq(&parent, &root.node));
        root.cancel();
        assert!(leaf.is_cancelled());
    }

    #[test]
    fn cancelled_children_are_unlinked() {
        let root = CancellationToken::new();
        let children: Vec<_> = (0..3).map(|_| root.child_token()).collect();
        root.cancel();
        assert_eq!(child_count(&root), 0);
        assert!(children.iter().all(|c| c.is_cancelled()));
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_cancel_wakes_waiter() {
        loom::model(|| {
            let token = CancellationToken::new();
            let t2 = token.clone();
            let t = thread::spawn(move || t2.cancel());
            block_on(token.cancelled());
            assert!(token.is_cancelled());
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_parent_cancel_reaches_waiting_child() {
        loom::model(|| {
            let parent = CancellationToken::new();
            let child = parent.child_token();
            let t = thread::spawn(move || parent.cancel());
            block_on(child.cancelled());
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_cancel_races_intermediate_drop() {
        loom::model(|| {
            let root = CancellationToken::new();
            let middle = root.child_token();
            let leaf = middle.child_token();
            let r2 = root.clone();
            // The middle token's last handle drops while the root cancels:
            // the leaf must be cancelled either through the middle node or
            // after moving up to the root (rule 4).
            let t = thread::spawn(move || r2.cancel());
            drop(middle);
            block_on(leaf.cancelled());
            t.join().unwrap();
            assert_eq!(lock(&root.node.synced).children.len(), 0);
        });
    }

    #[test]
    fn loom_child_created_during_cancel() {
        loom::model(|| {
            let root = CancellationToken::new();
            let r2 = root.clone();
            let t = thread::spawn(move || r2.cancel());
            let child = root.child_token();
            t.join().unwrap();
            assert!(child.is_cancelled());
        });
    }
}
