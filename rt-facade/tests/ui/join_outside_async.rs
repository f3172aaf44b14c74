fn main() {
    let _ = rt::join!(async { 1 }, async { 2 });
}
