//! Where uploaded files live: object_store, a local folder by default (`<data_dir>/files`), or
//! S3 (and S3-compatible stores) with `storage_url = s3://bucket/prefix`.
//! Files stream in and out in chunks; none is ever held whole in memory.

use std::sync::Arc;

use anyhow::Context;
use futures_util::StreamExt;
use object_store::{
    ObjectStore, ObjectStoreExt, WriteMultipart, aws::AmazonS3Builder, local::LocalFileSystem,
    path::Path, prefix::PrefixStore,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Parts of an upload being stored at once (each up to object_store's 10 MB part size).
const UPLOADS_IN_FLIGHT: usize = 2;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

const CHUNK: usize = 8 << 20;

impl Storage {
    pub fn from_config(cfg: &crate::config::Config) -> anyhow::Result<Self> {
        if cfg.storage_url.is_empty() {
            let dir = cfg.data_dir.join("files");
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            return Ok(Storage {
                store: Arc::new(LocalFileSystem::new_with_prefix(&dir)?),
            });
        }
        let rest = cfg
            .storage_url
            .strip_prefix("s3://")
            .context("KNXDESK_STORAGE_URL must be empty (local folder) or s3://bucket[/prefix]")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        anyhow::ensure!(!bucket.is_empty(), "KNXDESK_STORAGE_URL names no bucket");
        let s3 = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .context("configuring S3 storage")?;
        let prefix = prefix.trim_matches('/');
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, prefix))
        };
        Ok(Storage { store })
    }

    /// Copies a local file into the store under `key`, a few parts in flight at a time.
    pub async fn put_file(&self, key: &str, file: &std::path::Path) -> anyhow::Result<()> {
        let upload = self.store.put_multipart(&Path::from(key)).await?;
        let mut writer = WriteMultipart::new(upload);
        let mut f = tokio::fs::File::open(file).await?;
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = f.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            // `write` only buffers and hands parts to background uploads: without waiting,
            // a 200 MB file would be in memory whole before the first part was stored.
            writer.wait_for_capacity(UPLOADS_IN_FLIGHT).await?;
            writer.write(&buf[..n]);
        }
        writer.finish().await?;
        Ok(())
    }

    /// Stores a small object from memory.
    pub async fn put_bytes(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store.put(&Path::from(key), bytes.into()).await?;
        Ok(())
    }

    /// Removes the object `key`; one that is already gone is fine.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The whole object in memory (for small ones: a logo).
    pub async fn get_bytes(&self, key: &str) -> anyhow::Result<bytes::Bytes> {
        Ok(self.store.get(&Path::from(key)).await?.bytes().await?)
    }

    /// Copies the object `key` into a local file.
    pub async fn get_to_file(&self, key: &str, dest: &std::path::Path) -> anyhow::Result<()> {
        let mut stream = self.store.get(&Path::from(key)).await?.into_stream();
        let mut out = tokio::fs::File::create(dest).await?;
        while let Some(chunk) = stream.next().await {
            out.write_all(&chunk?).await?;
        }
        out.flush().await?;
        Ok(())
    }

    /// The object as a stream of chunks (for downloads).
    pub async fn stream(
        &self,
        key: &str,
    ) -> anyhow::Result<
        futures_util::stream::BoxStream<'static, Result<bytes::Bytes, object_store::Error>>,
    > {
        Ok(self.store.get(&Path::from(key)).await?.into_stream())
    }
}

/// A scratch file in the data folder's `tmp/` (an upload arriving, a version being read or
/// compared), removed when dropped, whichever way the work ends.
pub fn scratch_file(
    data_dir: &std::path::Path,
    prefix: &str,
    suffix: &str,
) -> anyhow::Result<tempfile::TempPath> {
    let dir = data_dir.join("tmp");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile_in(&dir)
        .with_context(|| format!("creating a file in {}", dir.display()))?
        .into_temp_path())
}
