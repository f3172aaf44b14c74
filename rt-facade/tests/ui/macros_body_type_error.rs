// Errors in the body point at the user's code, not at the attribute.
#[rt::main]
async fn main() {
    let _n: u32 = tail_has_the_wrong_type();
}

#[rt::main(flavor = "current_thread")]
async fn tail_has_the_wrong_type() -> u32 {
    "not a number"
}
