//! The Tokio paths a ported program uses resolve and behave under `rt::`.

use rt::runtime::{Builder, Runtime, RuntimeFlavor};
use rt::task::LocalSet;

rt::task_local! {
    static REQUEST_ID: u32;
}

#[test]
fn runtime_new_is_multi_thread() {
    let rt = Runtime::new().unwrap();
    assert_eq!(rt.handle().runtime_flavor(), RuntimeFlavor::MultiThread);
    assert_eq!(
        rt.block_on(async { rt::spawn(async { 3 }).await.unwrap() }),
        3
    );
}

#[test]
fn local_set_block_on_takes_the_facade_runtime() {
    let rt = Builder::new_current_thread().enable_all().build().unwrap();
    let local = LocalSet::new();
    let v = local.block_on(&rt, async {
        let rc = std::rc::Rc::new(4);
        rt::task::spawn_local(async move { *rc }).await.unwrap()
    });
    assert_eq!(v, 4);
}

#[test]
fn task_local_and_select_through_the_facade() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let got = rt.block_on(REQUEST_ID.scope(9, async {
        let id = REQUEST_ID.get();
        let picked = rt::select! {
            biased;
            v = async { id } => v,
            _ = std::future::pending::<()>() => unreachable!(),
        };
        let (a, b) = rt::join!(async { 1 }, async { 2 });
        picked + a + b
    }));
    assert_eq!(got, 12);
}

#[test]
fn sync_through_the_facade() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    rt.block_on(async {
        let (tx, mut rx) = rt::sync::mpsc::channel(8);
        let producer = rt::spawn(async move {
            for i in 0..100u32 {
                tx.send(i).await.unwrap();
            }
        });
        let mut sum = 0;
        while let Some(v) = rx.recv().await {
            sum += v;
        }
        producer.await.unwrap();
        assert_eq!(sum, 4950);
    });
}

#[test]
fn mpsc_send_timeout_with_the_time_feature() {
    use rt::sync::mpsc::error::SendTimeoutError;
    let rt = Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let (tx, mut rx) = rt::sync::mpsc::channel(1);
        tx.send_timeout(1, rt::time::Duration::from_millis(50))
            .await
            .unwrap();
        let err = tx
            .send_timeout(2, rt::time::Duration::from_millis(5))
            .await
            .unwrap_err();
        assert!(matches!(err, SendTimeoutError::Timeout(2)));
        assert_eq!(rx.recv().await, Some(1));
        drop(rx);
        let err = tx
            .send_timeout(3, rt::time::Duration::from_millis(5))
            .await
            .unwrap_err();
        assert_eq!(err.into_inner(), 3);
    });
}
