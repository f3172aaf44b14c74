//! The limit `tcp_echo` is measured against: the same traffic served by
//! hand-written thread-per-core mio loops, with no async runtime.
//!
//! # What it does
//!
//! [`EchoLimit::start`] spawns one thread per worker, each with its own
//! [`mio::Poll`], kept for the whole benchmark (as a runtime's workers are).
//! Each call of [`EchoLimit::run`] is one iteration of `tcp_echo`:
//!
//! 1. The calling thread binds a fresh listener on `127.0.0.1:0` for every
//!    worker and hands each worker its own.
//! 2. Worker `i` opens its share of the client connections (50 split as
//!    evenly as possible over the workers) to its own listener, accepts
//!    them, then stops listening.
//! 3. Every connection is a small state machine driven by edge-triggered
//!    readiness: a client connects, sets `TCP_NODELAY`, then writes 64 bytes
//!    and reads 64 back, 100 times, checking every byte; a server connection
//!    reads 64 bytes and writes them back, 100 times. A connection is closed
//!    as soon as it is done, as the workload's tasks drop their sockets.
//! 4. `run` returns when every worker has reported its connections done.
//!
//! # Why the clients run on the workers too
//!
//! In the workload the 50 client tasks run on the same runtime, on the same
//! worker threads, as the server's tasks. Here the same number of threads
//! does the same work: each worker drives its share of both sides. Driving
//! the clients with the workload's own code would need a runtime for them,
//! which would either add threads beyond the cores (and unlike the workload,
//! put clients and server on different threads) or put a runtime's cost
//! back into the limit. So the limit differs from `tcp_echo/multi_thread/rt`
//! only in what a runtime adds: tasks, wakers, the scheduler and its
//! queues, and the readiness bookkeeping between mio and the futures.
//!
//! # Why one listener per worker
//!
//! A limit is the best arrangement of the traffic, and for thread-per-core
//! that is shared-nothing: both ends of every connection on one thread, so
//! no byte ever needs another thread woken. The workload's server has one
//! listener; here each worker has its own (the bytes, connections and round
//! trips are the same; the extra binds count against the limit). A first
//! version shared one listener (each worker accepting its share from a
//! `dup`), which leaves the pairing of clients and server connections to
//! the kernel's accept queue. On the project's 2-vCPU KVM machine it
//! measured no faster than rt or tokio: cross-thread wake-ups dominate,
//! and the runtimes avoid many of them by running both ends on whichever
//! worker is polling the I/O driver.
//!
//! The limit makes only the system calls the traffic needs: it does not
//! deregister a stream before closing it (closing the only descriptor
//! removes it from the epoll set), and it waits for the first readiness
//! event of an accepted socket rather than trying a read first.
//!
//! # Bounds
//!
//! Every wait is bounded by [`DEADLINE`]: a worker whose connections are
//! not done by then reports an error, and `run` panics, so a stall fails
//! the benchmark instead of hanging it. Each connection's inner loop is
//! bounded by the bytes it still has to move.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener as StdListener};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

/// The longest one iteration may take before the limit gives up.
pub(crate) const DEADLINE: Duration = Duration::from_secs(30);

/// The listener's token in each worker's `Poll`; connection `i` of a job
/// has token `i + 1`.
const LISTENER: Token = Token(0);

/// The byte every client sends (the workload's `[7u8; MESSAGE]`).
const FILL: u8 = 7;

/// What one iteration moves: `connections` connections, each making
/// `round_trips` round trips of `message` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Traffic {
    /// Client connections per iteration (and so server connections).
    pub(crate) connections: usize,
    /// Round trips per connection.
    pub(crate) round_trips: usize,
    /// Bytes per message, each way.
    pub(crate) message: usize,
}

/// The worker threads, kept from [`EchoLimit::start`] until drop.
pub(crate) struct EchoLimit {
    traffic: Traffic,
    /// One job queue per worker; dropping them ends the workers.
    jobs: Vec<mpsc::Sender<Job>>,
    /// Every worker's report for each job.
    done: mpsc::Receiver<io::Result<()>>,
    threads: Vec<JoinHandle<()>>,
}

/// One worker's part of one iteration.
struct Job {
    /// This worker's own listener for the iteration.
    listener: TcpListener,
    addr: SocketAddr,
    /// Server connections to accept.
    accept: usize,
    /// Client connections to open.
    connect: usize,
}

impl EchoLimit {
    /// Spawns `workers` threads, each with its own `Poll`, to serve
    /// `traffic` on every [`run`](EchoLimit::run).
    ///
    /// # Panics
    ///
    /// Panics if `workers` is 0 or a thread cannot be spawned.
    pub(crate) fn start(workers: usize, traffic: Traffic) -> EchoLimit {
        assert!(workers > 0, "the mio limit needs at least one worker");
        let (done_tx, done) = mpsc::channel();
        let mut jobs = Vec::with_capacity(workers);
        let mut threads = Vec::with_capacity(workers);
        for i in 0..workers {
            let (job_tx, job_rx) = mpsc::channel();
            let done_tx = done_tx.clone();
            let thread = thread::Builder::new()
                .name(format!("mio-limit-{i}"))
                .spawn(move || worker(traffic, &job_rx, &done_tx))
                .expect("spawning a mio limit worker");
            jobs.push(job_tx);
            threads.push(thread);
        }
        EchoLimit {
            traffic,
            jobs,
            done,
            threads,
        }
    }

    /// One iteration: a fresh listener on 127.0.0.1, all the traffic, and
    /// every connection closed.
    ///
    /// # Panics
    ///
    /// Panics if any socket operation fails, if an echoed byte is wrong, or
    /// if the workers are not done within [`DEADLINE`].
    pub(crate) fn run(&self) {
        let workers = self.jobs.len();
        for (i, jobs) in self.jobs.iter().enumerate() {
            let listener = StdListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
            listener
                .set_nonblocking(true)
                .expect("making the listener non-blocking");
            let addr = listener.local_addr().expect("the listener's address");
            let share = share(self.traffic.connections, workers, i);
            let job = Job {
                listener: TcpListener::from_std(listener),
                addr,
                accept: share,
                connect: share,
            };
            jobs.send(job).expect("a mio limit worker has exited");
        }
        // Bounded: one report per worker, each within the deadline (plus
        // slack for the worker's own deadline check to fire first).
        for _ in 0..workers {
            match self.done.recv_timeout(DEADLINE + Duration::from_secs(5)) {
                Ok(Ok(())) => {}
                Ok(Err(e)) => panic!("mio limit worker: {e}"),
                Err(e) => panic!("mio limit: no report from a worker: {e}"),
            }
        }
    }
}

impl Drop for EchoLimit {
    fn drop(&mut self) {
        // Closing the job queues ends each worker's loop.
        self.jobs.clear();
        for thread in self.threads.drain(..) {
            // A worker that panicked has already failed the run.
            let _ = thread.join();
        }
    }
}

/// Worker `i`'s share when `total` connections are split over `workers`.
fn share(total: usize, workers: usize, i: usize) -> usize {
    total / workers + usize::from(i < total % workers)
}

/// A worker thread: one `Poll` for its lifetime, one job per iteration,
/// until the job queue closes (each `recv` is one iteration criterion asked
/// for, so the loop ends with the benchmark).
fn worker(traffic: Traffic, jobs: &mpsc::Receiver<Job>, done: &mpsc::Sender<io::Result<()>>) {
    let mut poll = match Poll::new() {
        Ok(poll) => poll,
        Err(e) => {
            let _ = done.send(Err(e));
            return;
        }
    };
    let mut events = Events::with_capacity(256);
    while let Ok(job) = jobs.recv() {
        let result = serve(&mut poll, &mut events, traffic, job);
        let failed = result.is_err();
        if done.send(result).is_err() || failed {
            // The benchmark is over: `run` panics on the error.
            return;
        }
    }
}

/// Serves one job: opens the clients, accepts the server connections, and
/// drives all of them until each has made its round trips.
fn serve(poll: &mut Poll, events: &mut Events, traffic: Traffic, job: Job) -> io::Result<()> {
    let Job {
        mut listener,
        addr,
        accept,
        connect,
    } = job;
    let deadline = Instant::now() + DEADLINE;
    let mut conns: Vec<Option<Conn>> = Vec::with_capacity(accept + connect);
    for _ in 0..connect {
        let mut stream = TcpStream::connect(addr)?;
        let token = Token(conns.len() + 1);
        poll.registry()
            .register(&mut stream, token, Interest::READABLE | Interest::WRITABLE)?;
        conns.push(Some(Conn::new(stream, Role::Client, traffic)));
    }
    let mut listening = accept > 0;
    if listening {
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
    }
    let mut accepted = 0;
    let mut open = accept + connect;
    while open > 0 {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| {
                io::Error::new(
                    ErrorKind::TimedOut,
                    format!("{open} connections not done after {DEADLINE:?}"),
                )
            })?;
        match poll.poll(events, Some(left)) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        for event in events.iter() {
            if event.token() == LISTENER {
                if !listening {
                    continue;
                }
                // Bounded by this worker's share of the connections.
                while accepted < accept {
                    match listener.accept() {
                        Ok((mut stream, _)) => {
                            let token = Token(conns.len() + 1);
                            poll.registry().register(
                                &mut stream,
                                token,
                                Interest::READABLE | Interest::WRITABLE,
                            )?;
                            conns.push(Some(Conn::new(stream, Role::Server, traffic)));
                            accepted += 1;
                        }
                        Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                        Err(e) if e.kind() == ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                }
                if accepted == accept {
                    poll.registry().deregister(&mut listener)?;
                    listening = false;
                }
                continue;
            }
            let slot = &mut conns[event.token().0 - 1];
            let Some(conn) = slot else {
                continue; // done and closed; a stale event in this batch
            };
            if conn.advance()? {
                *slot = None;
                open -= 1;
            }
        }
    }
    // `open` counted every connection still to accept, so the listener was
    // deregistered when the last was; dropping it closes it.
    debug_assert!(!listening);
    Ok(())
}

/// Which side of the echo a connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Writes the message, reads it back, checks it.
    Client,
    /// Reads a message, writes it back.
    Server,
}

/// Where a connection is in its round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// A client waiting for its non-blocking connect to complete.
    Connecting,
    /// Writing `buf[pos..]`.
    Writing,
    /// Reading into `buf[pos..]`.
    Reading,
}

/// One connection's state machine.
struct Conn {
    stream: TcpStream,
    role: Role,
    phase: Phase,
    /// The message: for a client always `FILL` bytes (checked after every
    /// read back), for a server whatever it last read.
    buf: Vec<u8>,
    /// Bytes of `buf` written or read so far in this phase.
    pos: usize,
    /// Round trips finished.
    rounds: usize,
    round_trips: usize,
}

impl Conn {
    fn new(stream: TcpStream, role: Role, traffic: Traffic) -> Conn {
        let (phase, fill) = match role {
            Role::Client => (Phase::Connecting, FILL),
            Role::Server => (Phase::Reading, 0),
        };
        Conn {
            stream,
            role,
            phase,
            buf: vec![fill; traffic.message],
            pos: 0,
            rounds: 0,
            round_trips: traffic.round_trips,
        }
    }

    /// Makes all the progress the socket allows (edge-triggered readiness:
    /// it stops only at `WouldBlock`, or when done). Returns whether the
    /// connection has made all its round trips.
    fn advance(&mut self) -> io::Result<bool> {
        // Every pass but the last moves at least one byte or changes phase
        // (or retries an interrupted call), so this bounds a correct run.
        let bound = 2 * self.buf.len() * self.round_trips + 4;
        for _ in 0..bound {
            match self.phase {
                Phase::Connecting => {
                    if !self.connected()? {
                        return Ok(false);
                    }
                    self.stream.set_nodelay(true)?;
                    self.phase = Phase::Writing;
                }
                Phase::Writing => match self.stream.write(&self.buf[self.pos..]) {
                    Ok(0) => return Err(ErrorKind::WriteZero.into()),
                    Ok(n) => {
                        self.pos += n;
                        if self.pos == self.buf.len() {
                            self.pos = 0;
                            self.phase = Phase::Reading;
                            if self.role == Role::Server && self.finish_round() {
                                return Ok(true);
                            }
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                },
                Phase::Reading => match self.stream.read(&mut self.buf[self.pos..]) {
                    Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
                    Ok(n) => {
                        self.pos += n;
                        if self.pos == self.buf.len() {
                            self.pos = 0;
                            self.phase = Phase::Writing;
                            if self.role == Role::Client {
                                if let Some(i) = self.buf.iter().position(|&b| b != FILL) {
                                    return Err(io::Error::other(format!(
                                        "echoed byte {i} of round trip {} is {}, not {FILL}",
                                        self.rounds, self.buf[i]
                                    )));
                                }
                                if self.finish_round() {
                                    return Ok(true);
                                }
                            }
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                },
            }
        }
        Err(io::Error::other(format!(
            "a {:?} connection made no progress in {bound} passes",
            self.role
        )))
    }

    /// Counts a finished round trip; true when it was the last.
    fn finish_round(&mut self) -> bool {
        self.rounds += 1;
        self.rounds == self.round_trips
    }

    /// Whether a client's non-blocking connect has completed (mio's
    /// recipe: a pending socket error fails it, `NotConnected` from
    /// `peer_addr` means not yet).
    fn connected(&self) -> io::Result<bool> {
        if let Some(e) = self.stream.take_error()? {
            return Err(e);
        }
        match self.stream.peer_addr() {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == ErrorKind::NotConnected => Ok(false),
            Err(e) => Err(e),
        }
    }
}
