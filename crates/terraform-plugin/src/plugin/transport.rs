//! Where the plugin listens and how connections reach the gRPC server.
//!
//! Like go-plugin on Unix, we serve on a unix socket inside a directory only
//! our user can enter (0700): no other local user can connect, and there is no
//! Nagle's algorithm to stall small gRPC frames. TCP on 127.0.0.1 within
//! go-plugin's port range is available too, with `TCP_NODELAY` on every
//! connection — and is the only transport on other systems, as go-plugin
//! uses TCP on Windows. With AutoMTLS every connection is a TLS session that
//! must present Terraform's certificate.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
#[cfg(unix)]
use tokio::net::UnixListener;
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_stream::wrappers::ReceiverStream;

use crate::logging;

/// A directory created for our socket, removed again when dropped.
#[cfg(unix)]
pub struct PrivateSocketDir {
    dir: PathBuf,
}

#[cfg(unix)]
impl PrivateSocketDir {
    /// Creates a fresh 0700 directory under `base`.
    pub fn create(base: &Path) -> io::Result<Self> {
        use std::os::unix::fs::DirBuilderExt;
        for _ in 0..16 {
            let dir = base.join(format!("tf-plugin-{:016x}", fastrand::u64(..)));
            match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
                Ok(()) => return Ok(Self { dir }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free socket directory name",
        ))
    }

    pub fn socket_path(&self) -> PathBuf {
        self.dir.join("plugin.sock")
    }
}

#[cfg(unix)]
impl Drop for PrivateSocketDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Nothing to clean up where there are no unix sockets.
#[cfg(not(unix))]
pub struct PrivateSocketDir;

pub enum Listener {
    #[cfg(unix)]
    Unix(UnixListener, PrivateSocketDir),
    Tcp(TcpListener),
}

impl Listener {
    /// Binds a unix socket in a private directory under `base`
    /// (`PLUGIN_UNIX_SOCKET_DIR` or the system temporary directory).
    #[cfg(unix)]
    pub fn unix(base: &Path) -> io::Result<Self> {
        let dir = PrivateSocketDir::create(base)?;
        let listener = UnixListener::bind(dir.socket_path())?;
        Ok(Listener::Unix(listener, dir))
    }

    /// Unix sockets exist only on Unix; elsewhere the caller uses TCP.
    #[cfg(not(unix))]
    pub fn unix(_base: &Path) -> io::Result<Self> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "unix sockets are not available here",
        ))
    }

    /// Binds 127.0.0.1 on the first free port of `min..=max` (any port if both are 0).
    pub async fn tcp(min: u16, max: u16) -> io::Result<Self> {
        if min == 0 && max == 0 {
            return Ok(Listener::Tcp(TcpListener::bind("127.0.0.1:0").await?));
        }
        let mut last_error = None;
        for port in min..=max {
            match TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await {
                Ok(l) => return Ok(Listener::Tcp(l)),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| io::Error::new(io::ErrorKind::AddrNotAvailable, "empty port range")))
    }

    /// `("unix", path)` or `("tcp", "127.0.0.1:port")` for the handshake line.
    pub fn network_and_address(&self) -> io::Result<(&'static str, String)> {
        match self {
            #[cfg(unix)]
            Listener::Unix(_, dir) => Ok(("unix", dir.socket_path().display().to_string())),
            Listener::Tcp(l) => Ok(("tcp", l.local_addr()?.to_string())),
        }
    }

    /// Accepts connections for ever, completing the TLS handshake (if any) off
    /// the accept loop, and hands finished connections to the gRPC server.
    /// The returned guard owns the socket directory.
    pub fn into_incoming(
        self,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> (ReceiverStream<io::Result<Connection>>, Option<PrivateSocketDir>) {
        let (tx, rx) = mpsc::channel(16);
        let acceptor = tls.map(TlsAcceptor::from);
        let (socket, guard) = match self {
            #[cfg(unix)]
            Listener::Unix(listener, dir) => (Socket::Unix(listener), Some(dir)),
            Listener::Tcp(listener) => (Socket::Tcp(listener), None),
        };
        tokio::spawn(accept_loop(socket, acceptor, tx));
        (ReceiverStream::new(rx), guard)
    }
}

enum Socket {
    #[cfg(unix)]
    Unix(UnixListener),
    Tcp(TcpListener),
}

impl Socket {
    async fn accept(&self) -> io::Result<Box<dyn Io>> {
        match self {
            #[cfg(unix)]
            Socket::Unix(listener) => Ok(Box::new(listener.accept().await?.0)),
            Socket::Tcp(listener) => {
                let (stream, _) = listener.accept().await?;
                // Without this, Nagle's algorithm and the client's delayed
                // ACKs add ~40 ms to many RPCs.
                stream.set_nodelay(true)?;
                Ok(Box::new(stream))
            }
        }
    }
}

async fn accept_loop(socket: Socket, acceptor: Option<TlsAcceptor>, tx: mpsc::Sender<io::Result<Connection>>) {
    loop {
        let stream = match socket.accept().await {
            Ok(s) => s,
            Err(e) => {
                logging::warn(&format!("accepting a connection failed: {e}"));
                continue;
            }
        };
        if tx.is_closed() {
            return;
        }
        let tx = tx.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let connection = match acceptor {
                None => Connection(stream),
                Some(acceptor) => match acceptor.accept(stream).await {
                    Ok(tls) => Connection(Box::new(tls)),
                    Err(e) => {
                        // A client without Terraform's certificate ends here.
                        logging::warn(&format!("refused a plugin connection: {e}"));
                        return;
                    }
                },
            };
            let _ = tx.send(Ok(connection)).await;
        });
    }
}

/// Anything we can serve gRPC over.
pub trait Io: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Io for T {}

/// One accepted (and, with AutoMTLS, authenticated) connection.
pub struct Connection(Box<dyn Io>);

impl tonic::transport::server::Connected for Connection {
    type ConnectInfo = ();
    fn connect_info(&self) -> Self::ConnectInfo {}
}

impl AsyncRead for Connection {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn socket_directory_is_private_and_removed() {
        let base = tempfile::tempdir().unwrap();
        let dir = PrivateSocketDir::create(base.path()).unwrap();
        let path = dir.dir.clone();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        drop(dir);
        assert!(!path.exists());
    }
}
