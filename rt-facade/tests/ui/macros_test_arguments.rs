#[rt::test]
async fn takes_an_argument(value: u8) {
    assert_eq!(value, 1);
}

fn main() {}
