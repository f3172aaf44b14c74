//! `select!`, `join!`, `try_join!`, `pin!`, `#[main]`-style runtimes and
//! `#[test]` work when the crate is renamed (`myrt = { package = "rt" }`).

#[myrt::test(crate = "myrt")]
async fn attribute_test_with_renamed_crate() {
    let h = myrt::spawn(async { 1 });
    assert_eq!(h.await.unwrap(), 1);
}

#[myrt::test(crate = "myrt")]
async fn control_flow_macros_with_renamed_crate() {
    let v = myrt::select! {
        biased;
        a = async { 1 } => a,
        _ = std::future::pending::<()>() => 0,
    };
    let (b, c) = myrt::join!(async { 2 }, async { 3 });
    let d: Result<(i32, i32), ()> = myrt::try_join!(async { Ok(4) }, async { Ok(5) });
    let fut = async { 6 };
    myrt::pin!(fut);
    let e = (&mut fut).await;
    assert_eq!(v + b + c + d.unwrap().0 + e, 16);
}

#[test]
fn runtime_paths_with_renamed_crate() {
    let rt = myrt::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let out = rt.block_on(async {
        myrt::time::sleep(myrt::time::Duration::from_millis(1)).await;
        myrt::select! {
            v = async { 7 } => v,
            else => 0,
        }
    });
    assert_eq!(out, 7);
}
