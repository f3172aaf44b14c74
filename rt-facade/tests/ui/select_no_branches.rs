#[rt::main(flavor = "current_thread")]
async fn main() {
    rt::select! {};
}
