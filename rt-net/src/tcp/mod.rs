//! TCP helper types: the halves of a split [`TcpStream`](crate::TcpStream).
//!
//! [`ReadHalf`] / [`WriteHalf`] borrow the stream
//! ([`TcpStream::split`](crate::TcpStream::split)); [`OwnedReadHalf`] /
//! [`OwnedWriteHalf`] share it and can move to other tasks
//! ([`TcpStream::into_split`](crate::TcpStream::into_split)), and are put
//! back together with `reunite` (failing with [`ReuniteError`] for halves
//! of different streams).
//!
//! ```
//! use rt_io::{AsyncReadExt, AsyncWriteExt};
//! use rt_net::{tcp::{OwnedReadHalf, OwnedWriteHalf}, TcpListener, TcpStream};
//!
//! # let rt = rt_core::runtime::Builder::new_current_thread()
//! #     .driver_layer(rt_io::driver_layer()).build().unwrap();
//! # rt.block_on(async {
//! let listener = TcpListener::bind("127.0.0.1:0").await?;
//! let client = TcpStream::connect(listener.local_addr()?).await?;
//! let (server, _) = listener.accept().await?;
//!
//! // An echo: the owned halves of one stream in two tasks.
//! let (mut rd, mut wr): (OwnedReadHalf, OwnedWriteHalf) = server.into_split();
//! let echo = rt_core::spawn(async move {
//!     let mut buf = [0u8; 5];
//!     rd.read_exact(&mut buf).await?;
//!     wr.write_all(&buf).await?;
//!     Ok::<_, std::io::Error>(rd.reunite(wr).is_ok())
//! });
//!
//! // Borrowed halves, without moving the stream.
//! let mut client = client;
//! let (mut crd, mut cwr) = client.split();
//! cwr.write_all(b"hello").await?;
//! let mut back = [0u8; 5];
//! crd.read_exact(&mut back).await?;
//! assert_eq!(&back, b"hello");
//! assert!(echo.await.unwrap()?, "halves of one stream reunite");
//! # Ok::<_, std::io::Error>(())
//! # }).unwrap();
//! ```

pub(crate) mod listener;
pub(crate) mod socket;
mod split;
mod split_owned;
pub(crate) mod stream;

pub use split::{ReadHalf, WriteHalf};
pub use split_owned::{OwnedReadHalf, OwnedWriteHalf, ReuniteError};
