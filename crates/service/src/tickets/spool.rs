//! Receiving a file without holding it: its bytes go to an unlinked temporary file as they
//! arrive, their size and SHA-256 computed on the way and the per-file limit enforced before a
//! byte past it is written. Memory per upload is one write buffer, whatever the client sends.

use std::{io::Write, path::Path};

use domain::limits::ATTACHMENT_MAX_BYTES;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufWriter};

/// Bytes buffered before a write reaches the file.
const WRITE_BUFFER: usize = 256 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    /// The file would exceed `ATTACHMENT_MAX_BYTES`; nothing past the limit was written.
    #[error("the file is larger than {ATTACHMENT_MAX_BYTES} bytes")]
    TooLarge,
    #[error("temporary file: {0}")]
    Io(#[from] std::io::Error),
}

/// A file being received.
pub struct Spool {
    out: BufWriter<tokio::fs::File>,
    file: std::fs::File,
    hasher: Sha256,
    len: usize,
}

impl Spool {
    /// A new empty spool in `dir` (created if missing). The file has no name on disk (it is
    /// unlinked at once where the system allows), so a crash leaves nothing behind.
    pub fn create(dir: &Path) -> std::io::Result<Spool> {
        std::fs::create_dir_all(dir)?;
        let file = tempfile::tempfile_in(dir)?;
        let writer = tokio::fs::File::from_std(file.try_clone()?);
        Ok(Spool {
            out: BufWriter::with_capacity(WRITE_BUFFER, writer),
            file,
            hasher: Sha256::new(),
            len: 0,
        })
    }

    /// Appends `bytes`, or refuses them whole when the file would pass the limit.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), SpoolError> {
        if self.len + bytes.len() > ATTACHMENT_MAX_BYTES {
            return Err(SpoolError::TooLarge);
        }
        self.hasher.update(bytes);
        self.len += bytes.len();
        self.out.write_all(bytes).await?;
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Everything written reaches the file; the result is ready to be staged.
    pub async fn finish(mut self) -> std::io::Result<Spooled> {
        self.out.flush().await?;
        let mut inner = self.out.into_inner();
        inner.flush().await?;
        drop(inner);
        Ok(Spooled {
            file: self.file,
            len: self.len,
            sha256: hex::encode(self.hasher.finalize()),
        })
    }
}

/// A received file on disk with its size and digest.
#[derive(Debug)]
pub struct Spooled {
    file: std::fs::File,
    pub(crate) len: usize,
    pub(crate) sha256: String,
}

impl Spooled {
    /// For callers that already hold the bytes (small files, tests): written synchronously.
    pub fn from_bytes(dir: &Path, data: &[u8]) -> std::io::Result<Spooled> {
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::tempfile_in(dir)?;
        file.write_all(data)?;
        Ok(Spooled {
            file,
            len: data.len(),
            sha256: hex::encode(Sha256::digest(data)),
        })
    }

    /// Reads the file from its start in pieces of at most `chunk` bytes.
    pub(crate) async fn chunks(&self, chunk: usize) -> std::io::Result<Chunks> {
        let mut file = tokio::fs::File::from_std(self.file.try_clone()?);
        file.seek(std::io::SeekFrom::Start(0)).await?;
        Ok(Chunks {
            file,
            chunk,
            expected: self.len,
            read: 0,
            done: false,
        })
    }
}

/// The pieces of a [`Spooled`] file, in order.
pub(crate) struct Chunks {
    file: tokio::fs::File,
    chunk: usize,
    expected: usize,
    read: usize,
    done: bool,
}

impl Chunks {
    /// The next piece, `None` at the end. Fails if the file no longer holds exactly the bytes
    /// that were received.
    pub(crate) async fn next(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let mut buf = vec![0u8; self.chunk];
        let mut filled = 0;
        while filled < self.chunk {
            let n = self.file.read(&mut buf[filled..]).await?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        buf.truncate(filled);
        self.read += filled;
        if filled < self.chunk {
            self.done = true;
        }
        if self.read > self.expected || (self.done && self.read != self.expected) {
            return Err(std::io::Error::other(format!(
                "the temporary file holds {} bytes, {} were received",
                self.read, self.expected
            )));
        }
        Ok((filled > 0).then_some(buf))
    }
}
