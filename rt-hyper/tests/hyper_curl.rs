//! The `hyper-hello` example's server, in-process on 127.0.0.1:0 on a
//! two-worker runtime, fetched by `curl` (one and several URLs per
//! invocation: the latter over one kept-alive connection) and by hyper's
//! own client over [`RtIo`]; plus hyper's header read timeout on
//! [`RtTimer`].
//!
//! Every wait is bounded: curl by `--max-time`, the rest by
//! `rt::time::timeout`, so a hang fails the test instead of blocking it.

use std::future::poll_fn;
use std::net::SocketAddr;
use std::pin::Pin;
use std::process::Command;
use std::time::{Duration, Instant};

use hyper::body::{Body, Incoming};
use hyper::{Request, Response, StatusCode};
use rt::io::AsyncWriteExt;
use rt::runtime::Runtime;
use rt_hyper::{RtIo, RtTimer};

#[allow(dead_code)] // its `main` is the example's, unused here
#[path = "../examples/hyper-hello.rs"]
mod hello;

/// How long any one exchange may take before the test fails.
const LIMIT: Duration = Duration::from_secs(10);

const CURL: &str = "/usr/bin/curl";

/// A two-worker runtime.
fn runtime() -> Runtime {
    rt::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A two-worker runtime serving `hello` on an ephemeral port.
fn server() -> (Runtime, SocketAddr) {
    let rt = runtime();
    let listener = rt
        .block_on(rt::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(hello::serve(listener));
    (rt, addr)
}

/// Runs curl on `urls` (one connection, reused: curl keeps it alive
/// between URLs of one invocation) and returns, per URL, the body, the
/// status and how many new connections the transfer opened.
///
/// `None` when curl is not installed, so that `cargo test --workspace`
/// passes on a fresh machine (with a note on stderr); but under CI
/// (`CI=true`, as `.ci/run` sees it) a missing curl fails the test, so
/// the curl exchange can never be skipped there unnoticed.
fn curl(urls: &[String]) -> Option<Vec<(String, u16, u32)>> {
    // After each body: a separator line, the status, the new connections.
    let mut cmd = Command::new(CURL);
    cmd.args(["--silent", "--show-error", "--max-time", "10"])
        .args(["--write-out", "\n--\n%{http_code} %{num_connects}\n"])
        .args(urls);
    let out = match cmd.output() {
        Ok(out) => out,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{CURL} is not installed; CI must run the curl tests (Debian: apt-get install curl)"
            );
            eprintln!("skipped: {CURL} is not installed");
            return None;
        }
        Err(err) => panic!("running {CURL}: {err}"),
    };
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "curl failed ({}): {}\n{stdout}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let mut results = Vec::new();
    let mut rest = stdout.as_str();
    while let Some((body, tail)) = rest.split_once("\n--\n") {
        let (stats, tail) = tail.split_once('\n').expect("curl's stats line");
        let (code, connects) = stats.split_once(' ').expect("two numbers");
        results.push((
            body.to_string(),
            code.parse().unwrap(),
            connects.parse().unwrap(),
        ));
        rest = tail;
    }
    assert!(rest.is_empty(), "unparsed curl output: {rest:?}");
    assert_eq!(results.len(), urls.len(), "{stdout}");
    Some(results)
}

#[test]
fn curl_gets_hello() {
    let (rt, addr) = server();
    for path in ["/", "/a/b?c=d"] {
        let Some(results) = curl(&[format!("http://{addr}{path}")]) else {
            return;
        };
        assert_eq!(results, [("hello".to_string(), 200, 1)]);
    }
    rt.shutdown_timeout(LIMIT);
}

#[test]
fn curl_keeps_the_connection_alive() {
    let (rt, addr) = server();
    let urls: Vec<String> = (0..5).map(|i| format!("http://{addr}/{i}")).collect();
    let Some(results) = curl(&urls) else { return };
    for (i, (body, status, _)) in results.iter().enumerate() {
        assert_eq!((body.as_str(), *status), ("hello", 200), "URL {i}");
    }
    let connects: u32 = results.iter().map(|r| r.2).sum();
    assert_eq!(
        connects, 1,
        "five requests over one connection: {results:?}"
    );
    rt.shutdown_timeout(LIMIT);
}

/// The whole body of `res`, as text.
async fn body_text(res: Response<Incoming>) -> String {
    let mut body = res.into_body();
    let mut bytes = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        if let Ok(data) = frame.unwrap().into_data() {
            bytes.extend_from_slice(&data);
        }
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn hyper_client_over_rt_io() {
    let (rt, addr) = server();
    rt.block_on(async {
        let exchange = async {
            let stream = rt::net::TcpStream::connect(addr).await.unwrap();
            let (mut sender, conn) =
                hyper::client::conn::http1::handshake::<_, String>(RtIo::new(stream))
                    .await
                    .unwrap();
            let conn = rt::spawn(conn);
            // Several requests, one after the other, on one connection.
            for i in 0..3 {
                sender.ready().await.unwrap();
                let req = Request::get(format!("/{i}"))
                    .header("host", addr.to_string())
                    .body(String::new())
                    .unwrap();
                let res = sender.send_request(req).await.unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                assert_eq!(body_text(res).await, "hello");
            }
            // Dropping the sender closes the connection cleanly.
            drop(sender);
            conn.await.unwrap().unwrap();
        };
        rt::time::timeout(LIMIT, exchange)
            .await
            .expect("the exchange timed out");
    });
    rt.shutdown_timeout(LIMIT);
}

#[test]
fn header_read_timeout_runs_on_rt_timer() {
    let rt = runtime();
    rt.block_on(async {
        let (mut client, server) = rt::io::duplex(1024);
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(RtTimer::new())
            .header_read_timeout(Duration::from_millis(100));
        let service = hyper::service::service_fn(|_: Request<Incoming>| async {
            Ok::<_, std::convert::Infallible>(Response::new(String::new()))
        });
        // Half a request line, then silence.
        client.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        let start = Instant::now();
        let result = rt::time::timeout(LIMIT, http.serve_connection(RtIo::new(server), service))
            .await
            .expect("the header read timeout never fired");
        let err = result.expect_err("a timed-out connection is an error");
        assert!(err.is_timeout(), "{err}");
        assert!(start.elapsed() >= Duration::from_millis(100));
    });
    rt.shutdown_timeout(LIMIT);
}
