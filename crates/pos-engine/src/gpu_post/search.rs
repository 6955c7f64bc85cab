//! Where to look for the gpu-post library, in order, and loading the first that works.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use super::error::{FailedCandidate, GpuPostError};
use super::library::GpuPostLibrary;

/// The environment variable that names the library (or its folder).
pub const LIBRARY_ENV_VAR: &str = "POS_GPU_POST_LIB";

/// gpu-post's file name on this platform, as its releases ship it.
pub const LIBRARY_FILE_NAME: &str = if cfg!(windows) {
    "gpu-setup.dll"
} else if cfg!(target_os = "macos") {
    "libgpu-setup.dylib"
} else {
    "libgpu-setup.so"
};

/// Where a candidate path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateSource {
    /// The path in the app's settings.
    Setting,
    /// [`LIBRARY_ENV_VAR`].
    Environment,
    /// The app's resources folder (a release bundles gpu-post there).
    Resources,
    /// The folder of the running executable.
    ExecutableFolder,
    /// The bare file name, for the system's own library search.
    SystemSearchPath,
}

impl fmt::Display for CandidateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Setting => "the path in the settings",
            Self::Environment => LIBRARY_ENV_VAR,
            Self::Resources => "the resources folder",
            Self::ExecutableFolder => "the program's folder",
            Self::SystemSearchPath => "the system library path",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub source: CandidateSource,
}

/// The places to look, most specific first. [`LibrarySearch::new`] fills in the
/// environment's; the fields are public so that a caller (or a test) can set them.
#[derive(Debug, Clone, Default)]
pub struct LibrarySearch {
    /// A path from the settings: the library itself, or a folder holding it.
    pub setting: Option<PathBuf>,
    /// The value of [`LIBRARY_ENV_VAR`]: the library itself, or a folder holding it.
    pub environment: Option<PathBuf>,
    pub resources_dir: Option<PathBuf>,
    pub executable_dir: Option<PathBuf>,
    /// Whether to end with the bare file name, found by the system's search path.
    pub system_search_path: bool,
}

impl LibrarySearch {
    /// The search for this process: the given setting and resources folder, then
    /// [`LIBRARY_ENV_VAR`], the executable's folder and the system search path.
    pub fn new(setting: Option<PathBuf>, resources_dir: Option<PathBuf>) -> Self {
        Self {
            setting,
            environment: std::env::var_os(LIBRARY_ENV_VAR).and_then(non_empty),
            resources_dir,
            executable_dir: std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(Path::to_path_buf)),
            system_search_path: true,
        }
    }

    /// The paths to try, in order: setting, environment, resources folder, executable
    /// folder, system search path. A path given twice is tried once.
    pub fn candidates(&self) -> Vec<Candidate> {
        let named = |path: &PathBuf| {
            if path.is_dir() {
                path.join(LIBRARY_FILE_NAME)
            } else {
                path.clone()
            }
        };
        let in_folder = |dir: &PathBuf| dir.join(LIBRARY_FILE_NAME);
        let places = [
            (self.setting.as_ref().map(named), CandidateSource::Setting),
            (
                self.environment.as_ref().map(named),
                CandidateSource::Environment,
            ),
            (
                self.resources_dir.as_ref().map(in_folder),
                CandidateSource::Resources,
            ),
            (
                self.executable_dir.as_ref().map(in_folder),
                CandidateSource::ExecutableFolder,
            ),
            (
                self.system_search_path
                    .then(|| PathBuf::from(LIBRARY_FILE_NAME)),
                CandidateSource::SystemSearchPath,
            ),
        ];
        let mut candidates: Vec<Candidate> = Vec::new();
        for (path, source) in places {
            if let Some(path) = path
                && !candidates.iter().any(|c| c.path == path)
            {
                candidates.push(Candidate { path, source });
            }
        }
        candidates
    }

    /// Loads the first candidate that works; see [`load_first`].
    pub fn load(&self) -> Result<LoadedLibrary, GpuPostError> {
        load_first(&self.candidates())
    }
}

/// A library found by [`load_first`], with the candidates before it that failed.
#[derive(Debug)]
pub struct LoadedLibrary {
    pub library: GpuPostLibrary,
    pub candidate: Candidate,
    /// Why each earlier candidate could not be used (a broken path in the settings is
    /// worth telling the user about, even when a bundled library works).
    pub skipped: Vec<FailedCandidate>,
}

/// Tries `candidates` in order and returns the first that loads with every required
/// function; [`GpuPostError::NotFound`] with each candidate's reason when none does.
pub fn load_first(candidates: &[Candidate]) -> Result<LoadedLibrary, GpuPostError> {
    let mut failed = Vec::new();
    for candidate in candidates {
        match GpuPostLibrary::load(&candidate.path) {
            Ok(library) => {
                return Ok(LoadedLibrary {
                    library,
                    candidate: candidate.clone(),
                    skipped: failed,
                });
            }
            Err(error) => failed.push(FailedCandidate {
                candidate: candidate.clone(),
                error,
            }),
        }
    }
    Err(GpuPostError::NotFound { attempts: failed })
}

fn non_empty(value: OsString) -> Option<PathBuf> {
    (!value.is_empty()).then(|| PathBuf::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_setting_environment_resources_executable_system() {
        let search = LibrarySearch {
            setting: Some("/opt/a/custom.so".into()),
            environment: Some("/opt/b/env.so".into()),
            resources_dir: Some("/opt/c".into()),
            executable_dir: Some("/opt/d".into()),
            system_search_path: true,
        };
        let got: Vec<(PathBuf, CandidateSource)> = search
            .candidates()
            .into_iter()
            .map(|c| (c.path, c.source))
            .collect();
        assert_eq!(
            got,
            [
                ("/opt/a/custom.so".into(), CandidateSource::Setting),
                ("/opt/b/env.so".into(), CandidateSource::Environment),
                (
                    Path::new("/opt/c").join(LIBRARY_FILE_NAME),
                    CandidateSource::Resources
                ),
                (
                    Path::new("/opt/d").join(LIBRARY_FILE_NAME),
                    CandidateSource::ExecutableFolder
                ),
                (LIBRARY_FILE_NAME.into(), CandidateSource::SystemSearchPath),
            ]
        );
    }

    #[test]
    fn folders_get_the_file_name_and_duplicates_go() {
        let dir = std::env::temp_dir();
        let search = LibrarySearch {
            setting: Some(dir.clone()),
            resources_dir: Some(dir.clone()),
            ..LibrarySearch::default()
        };
        let candidates = search.candidates();
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].path, dir.join(LIBRARY_FILE_NAME));
        assert_eq!(candidates[0].source, CandidateSource::Setting);
        assert!(LibrarySearch::default().candidates().is_empty());
    }

    #[test]
    fn nothing_to_try_is_a_clear_error() {
        let err = load_first(&[]).unwrap_err();
        assert!(matches!(&err, GpuPostError::NotFound { attempts } if attempts.is_empty()));
        assert!(err.to_string().contains(LIBRARY_ENV_VAR), "{err}");
    }
}
