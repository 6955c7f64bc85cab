//! Reading and rewriting durable labels in place, for a repair (`job::repair`):
//! checkpoints never move, and a file that is not its checkpoint's length is refused.

use super::files::WriteError;
use super::layout::FileSpan;
use super::{DataDir, DataDirError, lock};

impl DataDir {
    /// The packed bytes of `labels` durable labels of data file `file_index` from
    /// `first_label_in_file`, which must be a multiple of 8 (a byte boundary).
    pub fn read_durable(
        &self,
        file_index: usize,
        first_label_in_file: u64,
        labels: u64,
    ) -> Result<Vec<u8>, DataDirError> {
        let (span, offset) = self.durable_range(file_index, first_label_in_file, labels)?;
        let path = self.path().join(&span.name);
        let mut bytes = vec![0u8; self.geometry.packed_bytes(labels) as usize];
        std::fs::File::open(&path)
            .and_then(|mut f| {
                use std::io::{Read, Seek, SeekFrom};
                f.seek(SeekFrom::Start(offset))?;
                f.read_exact(&mut bytes)
            })
            .map_err(|e| DataDirError::io("read", &path, e))?;
        Ok(bytes)
    }

    /// Writes `bytes`, the packed labels from `first_label_in_file` (a multiple of 8),
    /// over durable labels of data file `file_index` and fsyncs the file: a repair.
    /// Checkpoints do not move.
    pub fn overwrite_durable(
        &self,
        file_index: usize,
        first_label_in_file: u64,
        bytes: &[u8],
    ) -> Result<(), DataDirError> {
        let bits = self.layout.params.bits.get() as u64;
        let labels = (bytes.len() as u64 * 8) / bits;
        let (span, offset) = self.durable_range(file_index, first_label_in_file, labels)?;
        self.ensure_current()?;
        let mut file = lock(&self.files[file_index]);
        let durable = self.durable_labels_in(file_index);
        let len = self.geometry.packed_bytes(durable);
        if offset + bytes.len() as u64 > len {
            return Err(DataDirError::BadRequest(format!(
                "{}: {} bytes at byte {offset} go past the durable data ({len} bytes)",
                span.name,
                bytes.len()
            )));
        }
        match file.overwrite_durable(offset, bytes, len) {
            Ok(()) => Ok(()),
            Err(WriteError::Io(failure)) => Err(self.failure(failure, &lock(&self.meta))),
            Err(WriteError::Refused(e)) => Err(e),
        }
    }

    /// The span of data file `file_index` and the byte offset of `first_label_in_file`,
    /// checked: a byte boundary, and `labels` from there all durable.
    fn durable_range(
        &self,
        file_index: usize,
        first_label_in_file: u64,
        labels: u64,
    ) -> Result<(FileSpan, u64), DataDirError> {
        let span = self.file_span(file_index).ok_or_else(|| {
            DataDirError::BadRequest(format!("data file {file_index} does not exist"))
        })?;
        let durable = self.durable_labels_in(file_index);
        if !first_label_in_file.is_multiple_of(8)
            || first_label_in_file
                .checked_add(labels)
                .is_none_or(|end| end > durable)
        {
            return Err(DataDirError::BadRequest(format!(
                "{}: labels {first_label_in_file}..+{labels} are not durable labels from a byte \
                 boundary ({durable} are durable)",
                span.name
            )));
        }
        Ok((span, self.geometry.packed_bytes(first_label_in_file)))
    }
}
