//! Where to look for the gpu-post library, in order, and loading the first that works.
//!
//! Only absolute paths are loaded: a bare file name would let the system search the
//! working folder and PATH (Windows, and macOS's fallback paths), where anyone who can
//! write a file could plant a `gpu-setup.dll` that then runs inside the app. The last
//! places are the system's standard library folders, by their absolute paths. On
//! Windows the libraries gpu-post itself needs are looked for only in its own folder,
//! the application's folder and System32.

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
    /// One of [`STANDARD_FOLDERS`].
    StandardFolder,
}

/// The system's standard library folders, where a package of gpu-post installs it,
/// tried last. None on Windows, which has no such place for a program's libraries.
pub const STANDARD_FOLDERS: &[&str] = if cfg!(windows) {
    &[]
} else if cfg!(target_os = "macos") {
    &["/usr/local/lib", "/opt/homebrew/lib"]
} else if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
    &[
        "/usr/local/lib",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
    ]
} else if cfg!(all(target_os = "linux", target_arch = "aarch64")) {
    &[
        "/usr/local/lib",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
    ]
} else {
    &["/usr/local/lib", "/usr/lib"]
};

impl fmt::Display for CandidateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Setting => "the path in the settings",
            Self::Environment => LIBRARY_ENV_VAR,
            Self::Resources => "the resources folder",
            Self::ExecutableFolder => "the program's folder",
            Self::StandardFolder => "the system's library folder",
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
    /// Whether to end with [`STANDARD_FOLDERS`].
    pub standard_folders: bool,
}

impl LibrarySearch {
    /// The search for this process: the given setting and resources folder, then
    /// [`LIBRARY_ENV_VAR`], the executable's folder and the standard folders.
    pub fn new(setting: Option<PathBuf>, resources_dir: Option<PathBuf>) -> Self {
        Self {
            setting,
            environment: std::env::var_os(LIBRARY_ENV_VAR).and_then(non_empty),
            resources_dir,
            executable_dir: std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(Path::to_path_buf)),
            standard_folders: true,
        }
    }

    /// The paths to try, in order: setting, environment, resources folder, executable
    /// folder, standard folders. A path given twice is tried once. A relative setting
    /// or variable stays in the list, so that the reason it is refused is reported.
    pub fn candidates(&self) -> Vec<Candidate> {
        let named = |path: &PathBuf| {
            if path.is_dir() {
                path.join(LIBRARY_FILE_NAME)
            } else {
                path.clone()
            }
        };
        let in_folder = |dir: &PathBuf| dir.join(LIBRARY_FILE_NAME);
        let standard = STANDARD_FOLDERS
            .iter()
            .filter(|_| self.standard_folders)
            .map(|dir| {
                (
                    Some(Path::new(dir).join(LIBRARY_FILE_NAME)),
                    CandidateSource::StandardFolder,
                )
            });
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
        ];
        let mut candidates: Vec<Candidate> = Vec::new();
        for (path, source) in places.into_iter().chain(standard) {
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
/// A candidate that is not an absolute path is refused without being looked up.
pub fn load_first(candidates: &[Candidate]) -> Result<LoadedLibrary, GpuPostError> {
    let mut failed = Vec::new();
    for candidate in candidates {
        match load_absolute(&candidate.path) {
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

/// Loads the library at `path`, which must be absolute: the system then looks at that
/// file and nowhere else.
fn load_absolute(path: &Path) -> Result<GpuPostLibrary, GpuPostError> {
    if !path.is_absolute() {
        return Err(GpuPostError::NotALibrary {
            path: path.to_owned(),
            reason: "only a full path is loaded, so that no file in the working folder or on \
                     the search path is picked up instead; give the library's full path"
                .to_owned(),
        });
    }
    // A missing file or a folder gets GpuPostLibrary::load's own error.
    #[cfg(windows)]
    let _restricted = if path.is_file() {
        Some(windows::load_restricted(path)?)
    } else {
        None
    };
    GpuPostLibrary::load(path)
}

#[cfg(windows)]
mod windows {
    use std::path::Path;

    use libloading::os::windows::{
        LOAD_LIBRARY_SEARCH_APPLICATION_DIR, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR,
        LOAD_LIBRARY_SEARCH_SYSTEM32, Library,
    };

    use super::GpuPostError;

    /// Where Windows may look for the DLLs gpu-post needs: its own folder, the
    /// application's folder and System32; never the working folder or PATH.
    pub const SEARCH_FLAGS: u32 = LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR
        | LOAD_LIBRARY_SEARCH_APPLICATION_DIR
        | LOAD_LIBRARY_SEARCH_SYSTEM32;

    /// Loads the DLL with [`SEARCH_FLAGS`] first. `GpuPostLibrary::load` then loads
    /// the same path again, which Windows answers with this module (already loaded,
    /// with its dependencies); the returned handle is dropped after that, so the
    /// module stays loaded exactly when `GpuPostLibrary` keeps it.
    pub fn load_restricted(path: &Path) -> Result<Library, GpuPostError> {
        // SAFETY: loading runs the library's initialisers: the trust this app places
        // in gpu-post at an absolute path it was told to use, as GpuPostLibrary::load.
        unsafe { Library::load_with_flags(path, SEARCH_FLAGS) }.map_err(|e| {
            GpuPostError::NotALibrary {
                path: path.to_owned(),
                reason: e.to_string(),
            }
        })
    }
}

fn non_empty(value: OsString) -> Option<PathBuf> {
    (!value.is_empty()).then(|| PathBuf::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_setting_environment_resources_executable_standard() {
        let search = LibrarySearch {
            setting: Some("/opt/a/custom.so".into()),
            environment: Some("/opt/b/env.so".into()),
            resources_dir: Some("/opt/c".into()),
            executable_dir: Some("/opt/d".into()),
            standard_folders: true,
        };
        let got: Vec<(PathBuf, CandidateSource)> = search
            .candidates()
            .into_iter()
            .map(|c| (c.path, c.source))
            .collect();
        let mut expected: Vec<(PathBuf, CandidateSource)> = vec![
            ("/opt/a/custom.so".into(), CandidateSource::Setting),
            ("/opt/b/env.so".into(), CandidateSource::Environment),
            (
                Path::new("/opt/c").join(LIBRARY_FILE_NAME),
                CandidateSource::Resources,
            ),
            (
                Path::new("/opt/d").join(LIBRARY_FILE_NAME),
                CandidateSource::ExecutableFolder,
            ),
        ];
        expected.extend(STANDARD_FOLDERS.iter().map(|dir| {
            (
                Path::new(dir).join(LIBRARY_FILE_NAME),
                CandidateSource::StandardFolder,
            )
        }));
        assert_eq!(got, expected);
    }

    #[test]
    fn every_place_of_the_default_search_is_absolute() {
        let search = LibrarySearch::new(None, None);
        assert!(search.standard_folders);
        let candidates = search.candidates();
        for candidate in &candidates {
            assert!(candidate.path.is_absolute(), "{candidate:?}");
        }
        #[cfg(target_os = "linux")]
        assert!(
            candidates
                .iter()
                .any(|c| c.path == Path::new("/usr/lib").join(LIBRARY_FILE_NAME))
        );
    }

    #[test]
    fn a_relative_path_is_refused_without_looking_it_up() {
        for path in [
            LIBRARY_FILE_NAME,
            "lib/libgpu-setup.so",
            "./libgpu-setup.so",
        ] {
            let err = load_first(&[Candidate {
                path: path.into(),
                source: CandidateSource::Setting,
            }])
            .unwrap_err();
            let GpuPostError::NotFound { attempts } = &err else {
                panic!("{err}");
            };
            assert!(
                matches!(&attempts[0].error, GpuPostError::NotALibrary { reason, .. }
                    if reason.contains("only a full path is loaded")),
                "{err}"
            );
        }
    }

    #[cfg(windows)]
    #[test]
    fn windows_looks_for_dependencies_only_in_the_dll_app_and_system_folders() {
        // LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | _APPLICATION_DIR | _SYSTEM32, and none of
        // the flags that add the working folder or PATH (_DEFAULT_DIRS, _USER_DIRS,
        // LOAD_WITH_ALTERED_SEARCH_PATH).
        assert_eq!(windows::SEARCH_FLAGS, 0x100 | 0x200 | 0x800);
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
