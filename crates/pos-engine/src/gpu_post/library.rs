//! The loaded library: its symbol table, resolved once at load, and the calls that
//! are not a computation (providers, stop, logging).

use std::ffi::c_int;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use libloading::Library;

use super::calls::RunningCalls;
use super::device_state::{self, DeviceState};
use super::error::GpuPostError;
use super::ffi;
use super::providers::GpuPostProvider;

/// How long [`GpuPostLibrary::stop`] waits for cancelled work to end.
pub const STOP_WAIT: Duration = Duration::from_secs(1);

/// Far more providers than any machine has; a larger count from the library is
/// garbage, and must not become a huge allocation.
const MAX_PROVIDERS: c_int = 1024;

/// gpu-post's exported functions, as typed function pointers. Calling any of them is
/// `unsafe`: [`GpuPostLibrary`]'s methods are the safe way in.
#[derive(Clone, Copy)]
pub struct GpuPostApi {
    pub scrypt_positions: ffi::ScryptPositionsFn,
    pub stop: ffi::StopFn,
    pub get_providers: ffi::GetProvidersFn,
    // Exported by current gpu-post builds but not needed to compute, so a build without
    // them still loads.
    pub stop_in_progress: Option<ffi::StopInProgressFn>,
    pub logging: Option<ffi::LoggingFn>,
    pub shutdown: Option<ffi::ShutdownFn>,
    /// Only in older builds.
    pub stats: Option<ffi::StatsFn>,
    pub unit_test_hash: Option<ffi::UnitTestHashFn>,
    pub unit_test_bit_stream: Option<ffi::UnitTestBitStreamFn>,
}

/// A loaded gpu-post library. Share one per process (in an `Arc`): its methods take
/// `&self` and may be called from any thread, [`stop`](Self::stop) in particular from
/// another thread than the one computing.
///
/// The library is never unloaded: gpu-post starts driver threads that would be left
/// running in unmapped code, so unloading is unsafe whatever the timing.
pub struct GpuPostLibrary {
    pub(crate) api: GpuPostApi,
    pub(crate) calls: RunningCalls,
    pub(crate) devices: DeviceState,
    /// See [`device_state::DEFAULT_CALL_TIMEOUT`].
    pub(crate) call_timeout: Duration,
    path: PathBuf,
    _library: ManuallyDrop<Library>,
}

impl std::fmt::Debug for GpuPostLibrary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpuPostLibrary")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl GpuPostLibrary {
    /// Loads the library at `path` and resolves its functions. A bare file name (no
    /// folder) is looked up on the system's library search path.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, GpuPostError> {
        let path = path.as_ref().to_path_buf();
        if path.as_os_str().is_empty() {
            // dlopen("") would hand back the running program itself.
            return Err(GpuPostError::MissingFile { path });
        }
        let bare_name = path.parent().is_none_or(|p| p.as_os_str().is_empty());
        if !bare_name {
            if !path.exists() {
                return Err(GpuPostError::MissingFile { path });
            }
            if path.is_dir() {
                return Err(GpuPostError::NotALibrary {
                    path,
                    reason: "it is a folder".to_owned(),
                });
            }
        }
        // SAFETY: loading runs the library's initialisers. That is the trust this app
        // places in gpu-post, which it was told to use (by the user, its environment or
        // its own resources); nothing else about this call can be checked here.
        let library = unsafe { Library::new(&path) }.map_err(|e| {
            let reason = e.to_string();
            if bare_name {
                GpuPostError::NotOnSearchPath {
                    path: path.clone(),
                    reason,
                }
            } else {
                GpuPostError::NotALibrary {
                    path: path.clone(),
                    reason,
                }
            }
        })?;
        let api = resolve(&library, &path)?;
        // gpu-post initialises itself lazily on its first call, without a lock: make
        // that first call here, on one thread, before the library is shared.
        // SAFETY: a null buffer with size 0 is the documented way to ask for the count.
        unsafe { (api.get_providers)(std::ptr::null_mut(), 0) };
        Ok(Self {
            api,
            calls: RunningCalls::default(),
            devices: DeviceState::default(),
            call_timeout: device_state::call_timeout_from_env(),
            path,
            _library: ManuallyDrop::new(library),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The raw function table, for diagnostics and tests.
    pub fn api(&self) -> &GpuPostApi {
        &self.api
    }

    /// Every provider the library lists, its own CPU provider included.
    pub fn providers(&self) -> Result<Vec<GpuPostProvider>, GpuPostError> {
        // SAFETY: a null buffer with size 0 asks for the count.
        let count = unsafe { (self.api.get_providers)(std::ptr::null_mut(), 0) };
        if count < 0 {
            return Err(GpuPostError::Providers { code: count });
        }
        let capacity = count.min(MAX_PROVIDERS);
        let mut raw = vec![ffi::PostComputeProvider::ZEROED; capacity as usize];
        // SAFETY: `raw` holds `capacity` entries, which is what we say it holds.
        let written = unsafe { (self.api.get_providers)(raw.as_mut_ptr(), capacity) };
        if written < 0 {
            return Err(GpuPostError::Providers { code: written });
        }
        raw.truncate(written.min(capacity) as usize);
        Ok(raw.iter().map(GpuPostProvider::from_ffi).collect())
    }

    /// The GPU providers. gpu-post's CPU provider is left out: it is single-threaded
    /// scalar code, far slower than this app's own CPU backend. Tests against a
    /// gpu-post built without CUDA list it by setting
    /// [`ALLOW_CPU_ENV_VAR`](super::ALLOW_CPU_ENV_VAR) to `1`.
    pub fn devices(&self) -> Result<Vec<GpuPostProvider>, GpuPostError> {
        let mut providers = self.providers()?;
        if !device_state::cpu_allowed() {
            providers.retain(GpuPostProvider::is_gpu);
        }
        Ok(providers)
    }

    /// Why `provider` is no longer called in this run, if it is not (see
    /// [`GpuPostError::Disabled`]).
    pub fn disabled_reason(&self, provider: u32) -> Option<String> {
        self.devices.disabled(provider)
    }

    /// Cancels every batch of this library in progress, from any thread; the batches
    /// return [`GpuPostError::Cancelled`]. Returns once they have ended, or
    /// [`GpuPostError::StopTimeout`] after [`STOP_WAIT`]. Batches started after this
    /// call are not affected. gpu-post's stop is process-wide: it cancels work on every
    /// provider.
    pub fn stop(&self) -> Result<(), GpuPostError> {
        let started = Instant::now();
        let epoch = self.calls.begin_stop();
        loop {
            let left = STOP_WAIT.saturating_sub(started.elapsed());
            let ms = left.as_millis().clamp(1, u32::MAX as u128) as u32;
            // SAFETY: `stop` takes a plain integer and may be called from any thread
            // while other calls run; that is its purpose.
            let status = unsafe { (self.api.stop)(ms) };
            match status {
                // Timeout and "already" (another stop is waiting): check ourselves below.
                ffi::ERROR_NONE | ffi::ERROR_TIMEOUT | ffi::ERROR_ALREADY => {}
                code => return Err(GpuPostError::UnknownStatus { code }),
            }
            // A call that began just before the stop may not have been busy yet when the
            // library looked: keep stopping until no older call is left.
            if !self.calls.calls_before(epoch) {
                return Ok(());
            }
            if started.elapsed() >= STOP_WAIT {
                return Err(GpuPostError::StopTimeout {
                    waited: started.elapsed(),
                });
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// `scryptPositions` calls of this app in progress now; a call given up on (see
    /// [`GpuPostError::CallTimeout`]) no longer counts.
    pub fn calls_in_flight(&self) -> usize {
        self.calls.in_library()
    }

    /// Whether the library reports a stop in progress; `None` when it cannot say.
    pub fn stop_in_progress(&self) -> Option<bool> {
        // SAFETY: takes nothing, returns an int.
        self.api.stop_in_progress.map(|f| unsafe { f() } != 0)
    }

    /// Turns gpu-post's own log lines (on stdout) on or off, where it can.
    pub fn set_logging(&self, enable: bool) {
        if let Some(logging) = self.api.logging {
            // SAFETY: takes a plain int.
            unsafe { logging(enable as c_int) };
        }
    }
}

/// Copies one function pointer out of the library.
///
/// # Safety
///
/// `T` must be the function's true type, as declared in gpu-post's header.
unsafe fn symbol<T: Copy>(library: &Library, name: &str) -> Result<T, libloading::Error> {
    // SAFETY: the caller guarantees `T` matches the symbol's type.
    unsafe { library.get::<T>(name).map(|s| *s) }
}

fn resolve(library: &Library, path: &Path) -> Result<GpuPostApi, GpuPostError> {
    let required = |name: &'static str, e: libloading::Error| GpuPostError::MissingSymbol {
        path: path.to_path_buf(),
        symbol: name,
        reason: e.to_string(),
    };
    // SAFETY: each type is the one gpu-post's `include/api.h` declares for that name
    // (see `ffi`), and the pointers stay valid because the library is never unloaded.
    unsafe {
        Ok(GpuPostApi {
            scrypt_positions: symbol(library, "scryptPositions")
                .map_err(|e| required("scryptPositions", e))?,
            stop: symbol(library, "stop").map_err(|e| required("stop", e))?,
            get_providers: symbol(library, "spacemesh_api_get_providers")
                .map_err(|e| required("spacemesh_api_get_providers", e))?,
            stop_in_progress: symbol(library, "spacemesh_api_stop_inprogress").ok(),
            logging: symbol(library, "spacemesh_api_logging").ok(),
            shutdown: symbol(library, "spacemesh_api_shutdown").ok(),
            stats: symbol(library, "stats").ok(),
            unit_test_hash: symbol(library, "unit_test_hash").ok(),
            unit_test_bit_stream: symbol(library, "unit_test_bit_stream").ok(),
        })
    }
}
