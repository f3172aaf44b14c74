#[rt::main(start_paused = true)]
async fn main() {}

#[rt::test(flavor = "multi_thread", start_paused = true)]
async fn paused_multi_thread() {}
