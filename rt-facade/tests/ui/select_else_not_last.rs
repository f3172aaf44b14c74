#[rt::main(flavor = "current_thread")]
async fn main() {
    rt::select! {
        else => (),
        v = async { 1 } => drop(v),
    };
}
