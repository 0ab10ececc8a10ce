//! Reading every record at start: decoded on worker threads (one a core) while redb goes on
//! reading, each record's sealed part left for its session's first use. Never writes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, PoisonError};

use zeroize::Zeroizing;

use super::record::{Opening, decode_record};
use super::{SessionStore, StoreError, UserRecord};

/// Records handed to a decoding thread at a time at start.
const LOAD_BATCH: usize = 512;

impl SessionStore {
    /// Decodes every record `raw` yields, on worker threads (one a core) while the reading
    /// goes on: a start decodes every record, which with many sessions is most of its time, and
    /// the database's own reading takes as long again. Sealed parts are left for each session's
    /// first use, except the first one met, opened now so that a wrong key stops the start.
    pub(super) fn unseal_all(
        &self,
        raw: impl Iterator<Item = Result<Zeroizing<Vec<u8>>, StoreError>>,
    ) -> Result<Vec<UserRecord>, StoreError> {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let (to_workers, batches) = std::sync::mpsc::sync_channel(threads);
        // Shared by the workers only: when the last of them is gone, even by a panic, the
        // receiver goes with it and the reader's `send` fails instead of blocking.
        let batches = Arc::new(Mutex::new(batches));
        let key_checked = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let batches = batches.clone();
                    let key_checked = &key_checked;
                    scope.spawn(move || self.unseal_batches(&batches, key_checked))
                })
                .collect();
            drop(batches);
            let mut read = Ok(());
            let mut batch = Vec::with_capacity(LOAD_BATCH);
            for bytes in raw {
                match bytes {
                    Ok(bytes) => batch.push(bytes),
                    Err(err) => {
                        read = Err(err);
                        break;
                    }
                }
                if batch.len() == LOAD_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(LOAD_BATCH));
                    // Fails only once every worker is gone (a panic): stop reading.
                    if to_workers.send(full).is_err() {
                        break;
                    }
                }
            }
            if !batch.is_empty() {
                let _ = to_workers.send(batch);
            }
            drop(to_workers);
            let mut all = Vec::new();
            for worker in workers {
                let records = worker.join().unwrap_or_else(|_| {
                    Err(StoreError::Corrupt("decoding a record panicked".to_owned()))
                });
                all.extend(records?);
            }
            read.map(|()| all)
        })
    }

    /// One decoding worker of [`SessionStore::unseal_all`]: decodes the batches it receives until
    /// the reader is done. After an undecodable record it goes on receiving (and dropping)
    /// batches, so that the reader is never left blocked.
    fn unseal_batches(
        &self,
        batches: &Mutex<Receiver<Vec<Zeroizing<Vec<u8>>>>>,
        key_checked: &AtomicBool,
    ) -> Result<Vec<UserRecord>, StoreError> {
        let mut records = Vec::new();
        let mut failed = None;
        loop {
            // The lock is held for the receive only, so that workers decode side by side.
            let next = batches
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .recv();
            let Ok(batch) = next else {
                return failed.map_or(Ok(records), Err);
            };
            if failed.is_some() {
                continue;
            }
            for bytes in batch {
                match self.decode_at_start(&bytes, key_checked) {
                    Ok(record) => records.push(record),
                    Err(err) => {
                        failed = Some(err);
                        break;
                    }
                }
            }
        }
    }

    /// A record read at start, its sealed part left for the session's first use unless no
    /// sealed part was opened yet (`key_checked`): the first one is opened now.
    fn decode_at_start(
        &self,
        bytes: &[u8],
        key_checked: &AtomicBool,
    ) -> Result<UserRecord, StoreError> {
        let record = decode_record(&self.key, bytes, Opening::Deferred)?;
        if record.sealed_unopened && !key_checked.swap(true, Ordering::Relaxed) {
            return self.unseal(bytes);
        }
        Ok(record)
    }
}
