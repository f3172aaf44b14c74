//! `ReadBuf`: cursors, uninitialised memory, panics.

use rt_io::ReadBuf;
use std::mem::MaybeUninit;

#[test]
fn cursors_move_as_documented() {
    let mut storage = [MaybeUninit::<u8>::uninit(); 10];
    let mut buf = ReadBuf::uninit(&mut storage);
    assert_eq!((buf.capacity(), buf.remaining()), (10, 10));
    buf.put_slice(b"abc");
    assert_eq!(buf.filled(), b"abc");
    assert_eq!(buf.initialized().len(), 3);
    buf.initialize_unfilled_to(2)[0] = b'd';
    assert_eq!(buf.initialized().len(), 5);
    buf.advance(1);
    assert_eq!(buf.filled(), b"abcd");
    buf.set_filled(2);
    assert_eq!(buf.filled(), b"ab");
    assert_eq!(buf.initialized().len(), 5, "shrinking keeps initialisation");
    buf.clear();
    assert_eq!(buf.remaining(), 10);
}

#[test]
fn take_limits_and_shares_initialisation() {
    let mut bytes = [1u8; 8];
    let mut buf = ReadBuf::new(&mut bytes);
    buf.advance(2);
    let mut sub = buf.take(4);
    assert_eq!(sub.capacity(), 4);
    assert_eq!(sub.initialized(), &[1, 1, 1, 1]);
    sub.put_slice(b"zz");
    let n = sub.filled().len();
    buf.advance(n);
    assert_eq!(buf.filled(), &[1, 1, b'z', b'z']);
}

#[test]
#[should_panic(expected = "put_slice")]
fn put_slice_past_capacity_panics() {
    let mut bytes = [0u8; 2];
    ReadBuf::new(&mut bytes).put_slice(b"abc");
}

#[test]
#[should_panic(expected = "initialize_unfilled_to")]
fn initialize_past_capacity_panics() {
    let mut bytes = [0u8; 2];
    ReadBuf::new(&mut bytes).initialize_unfilled_to(3);
}

#[test]
#[should_panic(expected = "must not exceed initialized")]
fn advance_over_uninitialised_panics() {
    let mut storage = [MaybeUninit::<u8>::uninit(); 4];
    ReadBuf::uninit(&mut storage).advance(1);
}
