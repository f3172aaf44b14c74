//! `rt::stream`: every wrapper driven through `futures::StreamExt`
//! combinators as users drive them (map/filter/take/collect), the end of
//! each stream, broadcast lag, watch's initial value and skipped values,
//! interval ticks on the paused clock, accepting sockets, lines and
//! segments of readers, directory listings, and `rt::stream::StreamExt`.
//!
//! The channel and socket tests run on every scheduler flavour (wake-ups
//! cross threads on the multi-thread runtime).

// `futures`' combinator traits; `rt::stream::StreamExt` (whose `next` and
// `try_next` would be ambiguous with them) is tested in `mod stream_ext`.
use futures::{StreamExt, TryStreamExt};
use rt::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use rt::stream::wrappers::errors::BroadcastStreamRecvError;
use rt::stream::wrappers::{
    BroadcastStream, IntervalStream, LinesStream, ReadDirStream, ReceiverStream, SplitStream,
    TcpListenerStream, UnboundedReceiverStream, UnixListenerStream, WatchStream,
};
use rt::stream::Stream;
use rt::sync::{broadcast, mpsc, watch};
use rt::time::{Duration, Instant};
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// Generous bound on socket tests, so a lost wake-up fails instead of
/// hanging the suite.
const LIMIT: Duration = Duration::from_secs(20);

/// Runs each named `async fn` as a test on the current-thread runtime and
/// on the multi-thread runtime with 1 and 4 workers.
macro_rules! on_every_flavour {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[rt::test]
                async fn current_thread() {
                    super::$name().await
                }

                #[rt::test(flavor = "multi_thread", worker_threads = 1)]
                async fn multi_thread_1() {
                    super::$name().await
                }

                #[rt::test(flavor = "multi_thread", worker_threads = 4)]
                async fn multi_thread_4() {
                    super::$name().await
                }
            }
        )*
    };
}

on_every_flavour!(
    receiver_stream_filter_map_collect_ends_when_senders_drop,
    unbounded_receiver_stream_take_then_end,
    broadcast_stream_fan_out_from_a_task,
    watch_stream_sees_every_settled_value,
    tcp_listener_stream_accepts_each_connection,
    unix_listener_stream_accepts_each_connection,
    lines_stream_over_a_duplex_ends_when_the_writer_drops,
);

/// A waker that does nothing (`Waker::noop` is newer than the MSRV).
struct NoopWaker;

impl Wake for NoopWaker {
    fn wake(self: Arc<Self>) {}
}

fn noop_waker() -> Waker {
    Waker::from(Arc::new(NoopWaker))
}

/// Polls `future` once with a waker that does nothing.
fn poll_once<F: Future + Unpin>(future: &mut F) -> Poll<F::Output> {
    std::pin::Pin::new(future).poll(&mut Context::from_waker(&noop_waker()))
}

// ---- mpsc ----------------------------------------------------------------

async fn receiver_stream_filter_map_collect_ends_when_senders_drop() {
    // A capacity smaller than the number of values: the sender must be
    // woken by the stream's receives, and the stream by the sends.
    let (tx, rx) = mpsc::channel(2);
    let producer = rt::spawn(async move {
        for i in 0..20u32 {
            tx.send(i).await.unwrap();
        }
        // `tx` drops here: the stream ends after the buffered values.
    });
    let got: Vec<u32> = ReceiverStream::new(rx)
        .filter(|i| std::future::ready(i % 3 == 0))
        .map(|i| i * 10)
        .collect()
        .await;
    assert_eq!(got, [0, 30, 60, 90, 120, 150, 180]);
    producer.await.unwrap();
}

#[rt::test]
async fn receiver_stream_close_yields_buffered_values_then_ends() {
    let (tx, rx) = mpsc::channel(4);
    tx.send("a").await.unwrap();
    tx.send("b").await.unwrap();
    let mut stream = ReceiverStream::from(rx);
    assert_eq!(stream.size_hint(), (2, None));
    stream.close();
    assert!(tx.send("c").await.is_err(), "closed: sends fail");
    assert!(stream.as_ref().is_closed());
    assert_eq!(stream.next().await, Some("a"));
    assert_eq!(stream.as_mut().try_recv(), Ok("b"));
    assert_eq!(stream.next().await, None);
    // The sender still exists: the end came from `close`, not from drops.
    drop(tx);
    assert!(format!("{stream:?}").starts_with("ReceiverStream"));
}

#[rt::test]
async fn receiver_stream_is_pending_until_a_send_and_into_inner_keeps_values() {
    let (tx, rx) = mpsc::channel(4);
    let mut stream = ReceiverStream::new(rx);
    assert!(poll_once(&mut stream.next()).is_pending());
    tx.send(1).await.unwrap();
    tx.send(2).await.unwrap();
    assert_eq!(stream.next().await, Some(1));
    let mut rx = stream.into_inner();
    assert_eq!(rx.recv().await, Some(2));
}

async fn unbounded_receiver_stream_take_then_end() {
    let (tx, rx) = mpsc::unbounded_channel();
    let producer = rt::spawn(async move {
        for word in ["one", "two", "three", "four"] {
            tx.send(word.to_string()).unwrap();
            rt::task::yield_now().await;
        }
    });
    let mut stream = UnboundedReceiverStream::new(rx);
    let first_two: Vec<String> = (&mut stream).take(2).collect().await;
    assert_eq!(first_two, ["one", "two"]);
    let rest: Vec<usize> = stream.map(|w| w.len()).collect().await;
    assert_eq!(rest, [5, 4], "the rest, then the end once the sender drops");
    producer.await.unwrap();
}

#[rt::test]
async fn unbounded_receiver_stream_close_and_accessors() {
    let (tx, rx) = mpsc::unbounded_channel();
    tx.send(1).unwrap();
    let mut stream: UnboundedReceiverStream<i32> = rx.into();
    assert_eq!(stream.size_hint().0, 1);
    assert_eq!(stream.as_ref().len(), 1);
    stream.close();
    assert!(tx.send(2).is_err());
    assert_eq!(stream.as_mut().len(), 1);
    assert_eq!(stream.next().await, Some(1));
    assert_eq!(stream.next().await, None);
    assert!(format!("{stream:?}").starts_with("UnboundedReceiverStream"));
    assert!(stream.into_inner().is_closed());
}

// ---- broadcast -------------------------------------------------------------

#[rt::test]
async fn broadcast_stream_reports_lag_then_continues_then_ends() {
    let (tx, rx) = broadcast::channel(4);
    let mut stream = BroadcastStream::new(rx);
    for i in 0..10 {
        tx.send(i).unwrap();
    }
    // Capacity 4 keeps 6..=9: 6 values were overwritten.
    assert_eq!(
        stream.next().await,
        Some(Err(BroadcastStreamRecvError::Lagged(6)))
    );
    assert_eq!(stream.next().await, Some(Ok(6)));
    drop(tx);
    let rest: Vec<_> = (&mut stream).collect().await;
    assert_eq!(rest, [Ok(7), Ok(8), Ok(9)]);
    assert_eq!(stream.next().await, None, "stays ended");
    assert_eq!(
        BroadcastStreamRecvError::Lagged(6).to_string(),
        "channel lagged by 6"
    );
}

#[rt::test]
async fn broadcast_stream_lag_in_a_combinator_chain() {
    let (tx, rx) = broadcast::channel(2);
    for i in 0..5 {
        tx.send(i).unwrap();
    }
    drop(tx);
    let lagged: Vec<u64> = BroadcastStream::from(rx)
        .filter_map(|item| async move {
            match item {
                Err(BroadcastStreamRecvError::Lagged(n)) => Some(n),
                Ok(_) => None,
            }
        })
        .collect()
        .await;
    assert_eq!(lagged, [3]);
}

async fn broadcast_stream_fan_out_from_a_task() {
    let (tx, rx1) = broadcast::channel(16);
    let rx2 = tx.subscribe();
    let producer = rt::spawn(async move {
        for i in 1..=5u64 {
            tx.send(i).unwrap();
            rt::task::yield_now().await;
        }
    });
    let a = rt::spawn(
        BroadcastStream::new(rx1)
            .map(Result::unwrap)
            .collect::<Vec<_>>(),
    );
    let b: u64 = BroadcastStream::new(rx2)
        .map(Result::unwrap)
        .fold(0, |acc, v| async move { acc + v })
        .await;
    assert_eq!(a.await.unwrap(), [1, 2, 3, 4, 5]);
    assert_eq!(b, 15);
    producer.await.unwrap();
}

#[rt::test]
async fn broadcast_stream_is_pending_until_a_send_and_accessors() {
    let (tx, rx) = broadcast::channel(2);
    let mut stream = BroadcastStream::new(rx);
    assert!(poll_once(&mut stream.next()).is_pending());
    tx.send('x').unwrap();
    assert_eq!(stream.as_ref().len(), 1);
    assert_eq!(stream.next().await, Some(Ok('x')));
    tx.send('y').unwrap();
    assert_eq!(stream.as_mut().try_recv(), Ok('y'));
    assert!(format!("{stream:?}").starts_with("BroadcastStream"));
    tx.send('z').unwrap();
    assert_eq!(stream.into_inner().try_recv(), Ok('z'));
}

// ---- watch -----------------------------------------------------------------

#[rt::test]
async fn watch_stream_yields_the_initial_value_then_changes_then_ends() {
    let (tx, rx) = watch::channel(0);
    let mut stream = WatchStream::new(rx);
    assert_eq!(stream.next().await, Some(0), "the current value first");
    assert!(
        poll_once(&mut stream.next()).is_pending(),
        "no change yet: waits"
    );
    tx.send(1).unwrap();
    assert_eq!(stream.next().await, Some(1));
    tx.send(2).unwrap();
    tx.send(3).unwrap();
    assert_eq!(stream.next().await, Some(3), "only the latest value");
    tx.send(4).unwrap();
    drop(tx);
    assert_eq!(
        stream.next().await,
        Some(4),
        "the last value before the end"
    );
    assert_eq!(stream.next().await, None);
    assert_eq!(stream.next().await, None);
}

#[rt::test]
async fn watch_stream_from_changes_skips_the_initial_value() {
    let (tx, rx) = watch::channel("init");
    let mut changes = WatchStream::from_changes(rx);
    assert!(poll_once(&mut changes.next()).is_pending());
    tx.send("second").unwrap();
    assert_eq!(changes.next().await, Some("second"));
    drop(tx);
    assert_eq!(changes.next().await, None);

    // An initial value the receiver has not seen counts as a change.
    let (tx, mut rx) = watch::channel(1);
    rx.mark_changed();
    let mut changes = WatchStream::from_changes(rx);
    assert_eq!(changes.next().await, Some(1));
    drop(tx);
    assert_eq!(changes.next().await, None);
}

#[rt::test]
async fn watch_stream_new_yields_the_current_value_even_if_closed() {
    let (tx, rx) = watch::channel(String::from("final"));
    drop(tx);
    let items: Vec<String> = WatchStream::from(rx).collect().await;
    assert_eq!(items, ["final"]);
}

#[rt::test]
async fn watch_stream_accessors() {
    let (tx, rx) = watch::channel(5);
    let mut stream = WatchStream::new(rx);
    assert_eq!(*stream.as_ref().borrow(), 5);
    assert_eq!(stream.next().await, Some(5));
    tx.send(6).unwrap();
    assert_eq!(stream.as_mut().has_changed(), Ok(true));
    assert!(format!("{stream:?}").starts_with("WatchStream"));
    let rx = stream.into_inner();
    assert_eq!(rx.has_changed(), Ok(true), "6 was not yielded, so not seen");
}

async fn watch_stream_sees_every_settled_value() {
    // The producer waits for each value to be seen before the next, so the
    // stream must yield all of them, in order.
    let (tx, rx) = watch::channel(0u32);
    let (seen_tx, mut seen_rx) = mpsc::channel::<u32>(1);
    let producer = rt::spawn(async move {
        for i in 1..=10 {
            tx.send(i).unwrap();
            assert_eq!(seen_rx.recv().await, Some(i));
        }
    });
    let mut stream = WatchStream::new(rx);
    assert_eq!(stream.next().await, Some(0));
    let mut got = Vec::new();
    while let Some(v) = stream.next().await {
        got.push(v);
        let _ = seen_tx.send(v).await;
    }
    assert_eq!(got, (1..=10).collect::<Vec<_>>());
    producer.await.unwrap();
}

// ---- interval --------------------------------------------------------------

#[rt::test(start_paused = true)]
async fn interval_stream_ticks_on_the_paused_clock() {
    let period = Duration::from_millis(250);
    let start = Instant::now();
    let ticks: Vec<Instant> = IntervalStream::new(rt::time::interval(period))
        .take(5)
        .collect()
        .await;
    assert_eq!(ticks.len(), 5);
    assert_eq!(ticks[0], start, "the first tick is immediate");
    for pair in ticks.windows(2) {
        assert_eq!(pair[1] - pair[0], period);
    }
    assert_eq!(
        Instant::now() - start,
        period * 4,
        "the clock moved to the last tick"
    );
}

#[rt::test(start_paused = true)]
async fn interval_stream_waits_for_the_period_and_accessors() {
    let period = Duration::from_secs(1);
    let mut stream = IntervalStream::from(rt::time::interval(period));
    let first = stream.next().await.unwrap();
    assert!(
        poll_once(&mut stream.next()).is_pending(),
        "the next tick is 1 s away"
    );
    rt::time::advance(period).await;
    assert_eq!(stream.next().await, Some(first + period));
    assert_eq!(stream.as_ref().period(), period);
    stream
        .as_mut()
        .set_missed_tick_behavior(rt::time::MissedTickBehavior::Skip);
    assert!(format!("{stream:?}").starts_with("IntervalStream"));
    assert_eq!(stream.into_inner().period(), period);
}

// ---- sockets ---------------------------------------------------------------

async fn tcp_listener_stream_accepts_each_connection() {
    const CLIENTS: u8 = 5;
    let listener = rt::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut incoming = TcpListenerStream::new(listener);
    assert_eq!(incoming.as_ref().local_addr().unwrap(), addr);
    let clients = rt::spawn(async move {
        for id in 0..CLIENTS {
            let mut stream = rt::net::TcpStream::connect(addr).await.unwrap();
            stream.write_all(&[id]).await.unwrap();
        }
    });
    let ids: Vec<u8> = rt::time::timeout(
        LIMIT,
        (&mut incoming)
            .take(usize::from(CLIENTS))
            .then(|accepted| async move {
                let mut stream = accepted.unwrap();
                let mut id = [0u8; 1];
                stream.read_exact(&mut id).await.unwrap();
                id[0]
            })
            .collect(),
    )
    .await
    .expect("every client accepted in time");
    assert_eq!(
        ids,
        (0..CLIENTS).collect::<Vec<_>>(),
        "accepted in connect order"
    );
    clients.await.unwrap();
    // Still listening: the stream does not end by itself.
    assert!(poll_once(&mut incoming.next()).is_pending());
    let listener = incoming.into_inner();
    assert_eq!(listener.local_addr().unwrap(), addr);
}

/// A socket path under the temp dir, removed when dropped.
struct TempPath(std::path::PathBuf);

impl TempPath {
    fn new(tag: &str) -> TempPath {
        let path = std::env::temp_dir().join(format!(
            "rt-stream-{tag}-{}-{:?}.sock",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_file(&path);
        TempPath(path)
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

async fn unix_listener_stream_accepts_each_connection() {
    let path = TempPath::new("unix");
    let listener = rt::net::UnixListener::bind(&path.0).unwrap();
    let mut incoming = UnixListenerStream::from(listener);
    let client_path = path.0.clone();
    let clients = rt::spawn(async move {
        for word in ["alpha", "beta", "gamma"] {
            let mut stream = rt::net::UnixStream::connect(&client_path).await.unwrap();
            stream.write_all(word.as_bytes()).await.unwrap();
        }
    });
    let words: Vec<String> = rt::time::timeout(
        LIMIT,
        (&mut incoming)
            .take(3)
            .then(|accepted| async move {
                let mut stream = accepted.unwrap();
                let mut word = String::new();
                stream.read_to_string(&mut word).await.unwrap();
                word
            })
            .collect(),
    )
    .await
    .expect("every client accepted in time");
    assert_eq!(words, ["alpha", "beta", "gamma"]);
    clients.await.unwrap();
    assert!(format!("{incoming:?}").starts_with("UnixListenerStream"));
    assert_eq!(
        incoming.as_mut().local_addr().unwrap().as_pathname(),
        Some(path.0.as_path())
    );
}

// ---- lines and split ---------------------------------------------------------

#[rt::test]
async fn lines_stream_over_a_slice() {
    let input: &[u8] = b"first\r\nsecond\n\nlast without newline";
    let lines: Vec<String> = LinesStream::new(input.lines()).try_collect().await.unwrap();
    assert_eq!(lines, ["first", "second", "", "last without newline"]);

    let lengths: Vec<usize> = LinesStream::from(input.lines())
        .map(|line| line.unwrap().len())
        .filter(|n| std::future::ready(*n > 0))
        .collect()
        .await;
    assert_eq!(lengths, [5, 6, 20]);
}

#[rt::test]
async fn lines_stream_reports_invalid_utf8_and_continues() {
    let input: &[u8] = b"ok\n\xff\xfe\nafter\n";
    let mut lines = LinesStream::new(input.lines());
    assert_eq!(lines.try_next().await.unwrap().as_deref(), Some("ok"));
    let err = lines.try_next().await.unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    assert_eq!(lines.next().await.unwrap().unwrap(), "after");
    assert!(lines.next().await.is_none());
    assert!(format!("{lines:?}").starts_with("LinesStream"));
}

async fn lines_stream_over_a_duplex_ends_when_the_writer_drops() {
    let (mut writer, reader) = rt::io::duplex(8); // smaller than a line
    let producer = rt::spawn(async move {
        for i in 0..20 {
            writer
                .write_all(format!("line number {i}\n").as_bytes())
                .await
                .unwrap();
        }
        // `writer` drops here: EOF for the reader.
    });
    let reader = rt::io::BufReader::new(reader);
    let numbers: Vec<u32> = LinesStream::new(reader.lines())
        .map(|line| {
            line.unwrap()
                .strip_prefix("line number ")
                .unwrap()
                .parse::<u32>()
                .unwrap()
        })
        .collect()
        .await;
    assert_eq!(numbers, (0..20).collect::<Vec<_>>());
    producer.await.unwrap();
}

#[rt::test]
async fn lines_stream_accessors_keep_the_partial_line() {
    let (mut writer, reader) = rt::io::duplex(64);
    let mut lines = LinesStream::new(rt::io::BufReader::new(reader).lines());
    writer.write_all(b"par").await.unwrap();
    assert!(poll_once(&mut lines.next()).is_pending(), "no newline yet");
    writer.write_all(b"tial\n").await.unwrap();
    let mut inner = lines.into_inner();
    assert_eq!(inner.next_line().await.unwrap().as_deref(), Some("partial"));
    let mut lines = LinesStream::new(inner);
    let _: &rt::io::Lines<_> = lines.as_ref();
    let _: &mut rt::io::Lines<_> = lines.as_mut();
    drop(writer);
    assert!(lines.next().await.is_none());
}

#[rt::test]
async fn split_stream_segments_and_end() {
    let input: &[u8] = b"k1=v1;k2=v2;;k3=v3";
    let pairs: Vec<(String, String)> = SplitStream::new(AsyncBufReadExt::split(input, b';'))
        .map(|segment| String::from_utf8(segment.unwrap()).unwrap())
        .filter(|s| std::future::ready(!s.is_empty()))
        .map(|s| {
            let (k, v) = s.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
        .await;
    assert_eq!(
        pairs,
        [("k1", "v1"), ("k2", "v2"), ("k3", "v3")].map(|(k, v)| (k.to_string(), v.to_string()))
    );

    let mut split = SplitStream::from(AsyncBufReadExt::split(input, b';'));
    assert_eq!(split.try_next().await.unwrap(), Some(b"k1=v1".to_vec()));
    assert!(format!("{split:?}").starts_with("SplitStream"));
    let _: &rt::io::Split<_> = split.as_ref();
    let _: &mut rt::io::Split<_> = split.as_mut();
    let mut inner = split.into_inner();
    assert_eq!(inner.next_segment().await.unwrap(), Some(b"k2=v2".to_vec()));
}

// ---- read_dir ----------------------------------------------------------------

/// A directory under the temp dir, removed (with its contents) when dropped.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!(
            "rt-stream-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[rt::test]
async fn read_dir_stream_lists_every_entry_once() {
    let dir = TempDir::new("readdir");
    // More entries than one batch of the blocking pool's listing.
    let mut expected: Vec<String> = (0..100).map(|i| format!("file-{i:03}")).collect();
    for name in &expected {
        std::fs::write(dir.0.join(name), name.as_bytes()).unwrap();
    }
    std::fs::create_dir(dir.0.join("sub")).unwrap();
    expected.push("sub".to_string());

    let mut names: Vec<String> = ReadDirStream::new(rt::fs::read_dir(&dir.0).await.unwrap())
        .map_ok(|entry| entry.file_name().into_string().unwrap())
        .try_collect()
        .await
        .unwrap();
    names.sort();
    assert_eq!(names, expected);

    let dirs: Vec<_> = ReadDirStream::from(rt::fs::read_dir(&dir.0).await.unwrap())
        .try_filter(|entry| std::future::ready(entry.path().is_dir()))
        .map_ok(|entry| entry.file_name())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(dirs, ["sub"]);
}

#[rt::test]
async fn read_dir_stream_ends_and_accessors() {
    let dir = TempDir::new("readdir-end");
    std::fs::write(dir.0.join("one"), b"1").unwrap();
    let mut stream = ReadDirStream::new(rt::fs::read_dir(&dir.0).await.unwrap());
    assert!(format!("{stream:?}").starts_with("ReadDirStream"));
    let entry = stream.next().await.unwrap().unwrap();
    assert_eq!(entry.file_name(), "one");
    assert!(stream.next().await.is_none());
    assert!(stream.as_mut().next_entry().await.unwrap().is_none());
    let _: &rt::fs::ReadDir = stream.as_ref();
    assert!(stream.into_inner().next_entry().await.unwrap().is_none());
}

#[test]
fn wrappers_are_send_and_unpin() {
    fn send_unpin<T: Send + Unpin>() {}
    fn stream<S: Stream>() {}
    send_unpin::<ReceiverStream<std::cell::Cell<u8>>>();
    send_unpin::<UnboundedReceiverStream<u8>>();
    send_unpin::<BroadcastStream<u8>>();
    send_unpin::<WatchStream<u8>>();
    send_unpin::<IntervalStream>();
    send_unpin::<TcpListenerStream>();
    send_unpin::<UnixListenerStream>();
    send_unpin::<LinesStream<&[u8]>>();
    send_unpin::<SplitStream<&[u8]>>();
    send_unpin::<ReadDirStream>();
    stream::<LinesStream<rt::io::BufReader<rt::net::TcpStream>>>();
}

/// `rt::stream::StreamExt` alone in scope: its `next` and `try_next`.
mod stream_ext {
    use rt::stream::wrappers::ReceiverStream;
    use rt::stream::StreamExt;
    use rt::sync::mpsc;
    use rt::time::Duration;
    use std::future::Future;
    use std::pin::{pin, Pin};
    use std::task::Context;

    #[rt::test]
    async fn stream_ext_next_dropped_after_its_wake_up_loses_nothing() {
        let (tx, rx) = mpsc::channel(4);
        let mut stream = ReceiverStream::new(rx);
        let mut next = stream.next();
        let waker = super::noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert!(Pin::new(&mut next).poll(&mut cx).is_pending());
        tx.send(1).await.unwrap(); // wakes `next`, which is never polled again
        drop(next);
        assert_eq!(stream.next().await, Some(1));
        drop(tx);
        assert_eq!(stream.next().await, None);
    }

    #[rt::test(start_paused = true)]
    async fn stream_ext_next_is_cancel_safe_in_select() {
        let (tx, rx) = mpsc::channel(4);
        let mut stream = ReceiverStream::new(rx);
        let sender = rt::spawn(async move {
            for i in 0..3 {
                rt::time::sleep(Duration::from_millis(1500)).await;
                tx.send(i).await.unwrap();
            }
        });
        let mut got = Vec::new();
        let mut timeouts = 0;
        // Values arrive at 1.5 s, 3 s and 4.5 s; a 1 s timeout fires at
        // 1 s, 2.5 s and 4 s, each time dropping a pending `next()`.
        loop {
            rt::select! {
                item = stream.next() => match item {
                    Some(v) => got.push(v),
                    None => break,
                },
                () = rt::time::sleep(Duration::from_secs(1)) => timeouts += 1,
            }
        }
        assert_eq!(got, [0, 1, 2], "no value lost by the dropped futures");
        assert_eq!(timeouts, 3);
        sender.await.unwrap();
    }

    #[rt::test]
    async fn stream_ext_works_on_any_unpin_stream_and_pinned_ones() {
        // A stream from another crate, and a `!Unpin` stream pinned on the stack.
        let mut plain = futures::stream::iter([1, 2]);
        assert_eq!(plain.next().await, Some(1));
        let mut pinned = pin!(futures::StreamExt::then(
            futures::stream::iter(["x"]),
            |s| async move { s }
        ));
        assert_eq!(pinned.next().await, Some("x"));
        assert_eq!(pinned.next().await, None);

        let mut results = futures::stream::iter([Ok(1), Err("bad"), Ok(3)]);
        assert_eq!(results.try_next().await, Ok(Some(1)));
        assert_eq!(results.try_next().await, Err("bad"));
        assert_eq!(results.try_next().await, Ok(Some(3)));
        assert_eq!(results.try_next().await, Ok(None));

        let next = plain.next();
        assert_eq!(format!("{next:?}"), "Next { .. }");
        let try_next = results.try_next();
        assert_eq!(format!("{try_next:?}"), "TryNext { .. }");
    }
}

#[rt::test]
async fn signal_stream_yields_each_delivery() {
    use rt::signal::unix::{signal, SignalKind};
    use rt::stream::wrappers::SignalStream;

    let raise = || {
        // SAFETY: kill(2) on our own pid; rt's SIGUSR2 handler is
        // installed by `signal` below before the first call.
        assert_eq!(unsafe { libc::kill(libc::getpid(), libc::SIGUSR2) }, 0);
    };
    let mut stream = SignalStream::new(signal(SignalKind::user_defined2()).unwrap());
    for _ in 0..3 {
        raise();
        let got = rt::time::timeout(std::time::Duration::from_secs(20), stream.next())
            .await
            .expect("SIGUSR2 never arrived");
        assert_eq!(got, Some(()));
    }
    // Combinators work on it like on any stream.
    raise();
    let counted = rt::time::timeout(
        std::time::Duration::from_secs(20),
        stream
            .by_ref()
            .map(|()| 1u32)
            .take(1)
            .fold(0, |a, b| async move { a + b }),
    )
    .await
    .unwrap();
    assert_eq!(counted, 1);
    let _listener: &rt::signal::unix::Signal = stream.as_ref();
}
