#[rt::main(flavor = "current_thread", worker_threads = 2)]
async fn main() {}

// The test attribute's default flavor is current_thread.
#[rt::test(worker_threads = 4)]
async fn default_flavor() {}
