//! TCP helper types: the halves of a split [`TcpStream`](crate::TcpStream).
//!
//! [`ReadHalf`] / [`WriteHalf`] borrow the stream
//! ([`TcpStream::split`](crate::TcpStream::split)); [`OwnedReadHalf`] /
//! [`OwnedWriteHalf`] share it and can move to other tasks
//! ([`TcpStream::into_split`](crate::TcpStream::into_split)), and are put
//! back together with `reunite` (failing with [`ReuniteError`] for halves
//! of different streams).

pub(crate) mod listener;
pub(crate) mod socket;
mod split;
mod split_owned;
pub(crate) mod stream;

pub use split::{ReadHalf, WriteHalf};
pub use split_owned::{OwnedReadHalf, OwnedWriteHalf, ReuniteError};
