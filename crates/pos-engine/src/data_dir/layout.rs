//! How the labels of one data set are cut into files, and what the files are called.
//!
//! Every file holds `labels_per_file` labels (the last one what is left), and that
//! count is a multiple of 8, so every file starts on a byte boundary of the packed
//! stream whatever the label size: concatenating the files gives exactly the stream
//! of LABELS.md section 6 for positions `0..total_labels`.

use pos_labels::{Difficulty, LabelParams};

use super::DataDirError;
use super::meta::META_FILE;

/// The lock file of a data folder of numbered files (see [`FileNaming::lock_file`]).
pub const LOCK_FILE: &str = "pos-meta.lock";

/// 4 GiB: the default largest size of one data file.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 4 << 30;

/// More files than this would make the metadata file (rewritten at every checkpoint)
/// large; 65,536 files of 4 GiB are 256 TiB.
pub const MAX_FILES: u64 = 1 << 16;

/// Longest name of a single data file: its metadata's temporary file
/// (`<name>.meta.json.tmp`) must still fit the 255 bytes most file systems allow.
pub const MAX_SINGLE_FILE_NAME_BYTES: usize = 200;

/// What a data folder holds: everything that decides the bytes of its files, and
/// their names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLayout {
    pub params: LabelParams,
    pub total_labels: u64,
    pub max_file_bytes: u64,
    /// The PoW target searched for while the labels are computed, if any.
    pub pow: Option<Difficulty>,
    pub naming: FileNaming,
}

/// How a data set's files are named in its folder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FileNaming {
    /// `pos-meta.json` and `postdata_0.bin`, `postdata_1.bin`, ...: the folder holds
    /// this one data set, and is locked while it is open.
    #[default]
    Numbered,
    /// Every label in one file of this name, with the metadata beside it in
    /// `<name>.meta.json`. Several such data sets may share a folder (the old pos
    /// server wrote `<job id>.pos` files side by side), so the data file is locked
    /// instead of the folder. The layout must fit in one file: use a
    /// `max_file_bytes` of `u64::MAX`.
    SingleFile(String),
}

impl FileNaming {
    /// The metadata file's name.
    pub fn meta_file(&self) -> String {
        match self {
            Self::Numbered => META_FILE.to_owned(),
            Self::SingleFile(name) => format!("{name}.meta.json"),
        }
    }

    /// The lock file that says the data set is open (`pos-meta.lock`, or `<name>.lock`
    /// for a single file); see [`DataDir`](super::DataDir) on sharing.
    pub fn lock_file(&self) -> String {
        match self {
            Self::Numbered => LOCK_FILE.to_owned(),
            Self::SingleFile(name) => format!("{name}.lock"),
        }
    }

    /// Where the next version of the metadata is written before it is renamed over it.
    pub(crate) fn meta_temp_file(&self) -> String {
        format!("{}.tmp", self.meta_file())
    }

    /// The name of data file `index`.
    pub fn data_file(&self, index: usize) -> String {
        match self {
            Self::Numbered => data_file_name(index),
            Self::SingleFile(name) => name.clone(),
        }
    }

    /// Whether the folder may hold other data sets besides this one.
    pub fn shares_folder(&self) -> bool {
        matches!(self, Self::SingleFile(_))
    }

    /// A single file's name must be a plain file name that none of our other files
    /// use, so that it can never point outside the folder or clobber another data set.
    fn check(&self) -> Result<(), DataDirError> {
        let Self::SingleFile(name) = self else {
            return Ok(());
        };
        let bad = |why: &str| {
            Err(DataDirError::InvalidLayout(format!(
                "the data file name {name:?} {why}; choose a plain file name such as \"1.pos\""
            )))
        };
        if name.is_empty() || name == "." || name == ".." {
            return bad("is not a file name");
        }
        if name.len() > MAX_SINGLE_FILE_NAME_BYTES {
            return bad(&format!(
                "is longer than {MAX_SINGLE_FILE_NAME_BYTES} bytes"
            ));
        }
        if name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control())
        {
            return bad("contains a path separator, a colon or a control character");
        }
        if name.starts_with(META_FILE)
            || name == LOCK_FILE
            || is_data_file_name(name)
            || name.contains(".meta.json")
            || name.ends_with(".lock")
        {
            return bad("is reserved for the metadata, lock or numbered data files");
        }
        Ok(())
    }
}

impl DataLayout {
    /// A layout with the default max file size, numbered files and no PoW.
    pub fn new(params: LabelParams, total_labels: u64) -> Self {
        Self {
            params,
            total_labels,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            pow: None,
            naming: FileNaming::Numbered,
        }
    }

    /// `floor(max_file_bytes * 8 / bits)` rounded down to a multiple of 8.
    pub fn labels_per_file(&self) -> Result<u64, DataDirError> {
        let bits = self.params.bits.get() as u128;
        let fit = self.max_file_bytes as u128 * 8 / bits / 8 * 8;
        if fit < 8 {
            return Err(DataDirError::InvalidLayout(format!(
                "a file of at most {} bytes cannot hold 8 labels of {bits} bits (the smallest \
                 unit of whole bytes); allow at least {} bytes per file",
                self.max_file_bytes, bits
            )));
        }
        // At most max_file_bytes * 8 / 8, which fits in a u64.
        Ok(fit as u64)
    }

    /// Checks the layout and works out its files.
    pub fn geometry(&self) -> Result<Geometry, DataDirError> {
        if self.total_labels == 0 {
            return Err(DataDirError::InvalidLayout(
                "the data must hold at least one label".into(),
            ));
        }
        let labels_per_file = self.labels_per_file()?;
        let files = self.total_labels.div_ceil(labels_per_file);
        if files > MAX_FILES {
            return Err(DataDirError::InvalidLayout(format!(
                "{} labels in files of {} labels would take {files} files, more than the {MAX_FILES} \
                 allowed; allow larger files",
                self.total_labels, labels_per_file
            )));
        }
        self.naming.check()?;
        if files > 1 && self.naming.shares_folder() {
            return Err(DataDirError::InvalidLayout(format!(
                "{} labels take {files} files of at most {} bytes, but this data must be one file; \
                 allow larger files",
                self.total_labels, self.max_file_bytes
            )));
        }
        Ok(Geometry {
            bits: self.params.bits.get(),
            total_labels: self.total_labels,
            labels_per_file,
            files: files as usize,
            naming: self.naming.clone(),
        })
    }
}

/// The files of a valid [`DataLayout`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geometry {
    bits: u32,
    total_labels: u64,
    labels_per_file: u64,
    files: usize,
    naming: FileNaming,
}

/// One data file: which positions it covers and how large it is when complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpan {
    pub index: usize,
    /// `postdata_<index>.bin`, or the single file's name.
    pub name: String,
    /// The absolute position of the file's first label.
    pub first_position: u64,
    /// Labels in the complete file.
    pub labels: u64,
    /// Bytes of the complete file.
    pub bytes: u64,
}

impl Geometry {
    pub fn file_count(&self) -> usize {
        self.files
    }

    pub fn labels_per_file(&self) -> u64 {
        self.labels_per_file
    }

    pub fn total_labels(&self) -> u64 {
        self.total_labels
    }

    /// File `index` covers positions `[index * lpf, min((index + 1) * lpf, total))`.
    /// Panics when `index >= file_count()`.
    pub fn span(&self, index: usize) -> FileSpan {
        assert!(index < self.files, "file {index} of {}", self.files);
        let first_position = index as u64 * self.labels_per_file;
        let labels = self.labels_per_file.min(self.total_labels - first_position);
        FileSpan {
            index,
            name: self.naming.data_file(index),
            first_position,
            labels,
            bytes: self.packed_bytes(labels),
        }
    }

    /// The file holding `position` and the label's index within it.
    pub fn locate(&self, position: u64) -> Option<(usize, u64)> {
        (position < self.total_labels).then(|| {
            (
                (position / self.labels_per_file) as usize,
                position % self.labels_per_file,
            )
        })
    }

    /// `ceil(labels * bits / 8)`, saturating at `u64::MAX` (a whole data set of more
    /// than 16 EiB; one file never comes near it).
    pub fn packed_bytes(&self, labels: u64) -> u64 {
        u64::try_from((labels as u128 * self.bits as u128).div_ceil(8)).unwrap_or(u64::MAX)
    }

    /// Bytes of all files when complete: as every file starts on a byte boundary, the
    /// packed size of the whole range.
    pub fn total_bytes(&self) -> u64 {
        self.packed_bytes(self.total_labels)
    }
}

/// `postdata_<index>.bin`, the name of the data file `index`.
pub fn data_file_name(index: usize) -> String {
    format!("postdata_{index}.bin")
}

/// Whether `name` looks like one of our data files (`postdata_<digits>.bin`), whatever
/// the folder's metadata says.
pub(crate) fn is_data_file_name(name: &str) -> bool {
    name.strip_prefix("postdata_")
        .and_then(|rest| rest.strip_suffix(".bin"))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pos_labels::{LabelBits, ScryptN};

    fn layout(bits: u64, total: u64, max: u64) -> DataLayout {
        DataLayout {
            params: LabelParams {
                id: [0; 32],
                salt: [0; 32],
                n: ScryptN::new(2).unwrap(),
                bits: LabelBits::new(bits).unwrap(),
            },
            total_labels: total,
            max_file_bytes: max,
            pow: None,
            naming: FileNaming::Numbered,
        }
    }

    #[test]
    fn labels_per_file_is_a_multiple_of_8_that_fits() {
        assert_eq!(
            layout(8, 1, DEFAULT_MAX_FILE_BYTES)
                .labels_per_file()
                .unwrap(),
            4 << 30
        );
        assert_eq!(layout(3, 1, 7).labels_per_file().unwrap(), 16);
        assert_eq!(layout(1, 1, 5).labels_per_file().unwrap(), 40);
        assert_eq!(layout(256, 1, 300).labels_per_file().unwrap(), 8);
        assert_eq!(
            layout(256, 1, u64::MAX).labels_per_file().unwrap(),
            u64::MAX / 32 / 8 * 8
        );
        let err = layout(256, 1, 255).labels_per_file().unwrap_err();
        assert!(err.to_string().contains("at least 256 bytes"), "{err}");
    }

    #[test]
    fn spans_cover_the_range() {
        let g = layout(3, 100, 7).geometry().unwrap();
        assert_eq!(g.file_count(), 7);
        let last = g.span(6);
        assert_eq!((last.first_position, last.labels, last.bytes), (96, 4, 2));
        assert_eq!(g.span(0).bytes, 6);
        assert_eq!(g.total_bytes(), 6 * 6 + 2);
        assert_eq!(g.locate(99), Some((6, 3)));
        assert_eq!(g.locate(100), None);
        assert!(layout(3, 0, 7).geometry().is_err());
        assert!(layout(8, 1 << 40, 8).geometry().is_err());
    }

    #[test]
    fn data_file_names() {
        assert!(is_data_file_name("postdata_0.bin"));
        assert!(is_data_file_name("postdata_123.bin"));
        for other in [
            "postdata_.bin",
            "postdata_1.bin.tmp",
            "postdata_x.bin",
            "notes.txt",
        ] {
            assert!(!is_data_file_name(other), "{other}");
        }
    }
}
