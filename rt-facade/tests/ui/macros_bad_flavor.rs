#[rt::main(flavor = "multi_threaded")]
async fn main() {}

#[rt::test(flavor = current_thread)]
async fn flavor_not_a_string() {}

#[rt::test(multi_thread)]
async fn flavor_without_name() {}
