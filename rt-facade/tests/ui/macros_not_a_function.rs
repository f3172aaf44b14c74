#[rt::main]
struct NotAFunction;

fn main() {}
