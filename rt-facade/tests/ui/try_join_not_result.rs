#[rt::main(flavor = "current_thread")]
async fn main() {
    let _ = rt::try_join!(async { 1 }, async { Ok::<_, ()>(2) });
}
