//! The Doctor's verdicts from inputs made up here, one situation each.

use super::*;
use pos_engine::provider::ProviderId;

fn inputs() -> Inputs {
    Inputs {
        opencl: OpenClStatus::Found {
            platforms: 1,
            devices: 1,
        },
        gpu_library: GpuLibraryStatus::Unavailable {
            reason: "no libgpu-setup.so in /usr/lib".into(),
        },
        providers: vec![
            ProviderInfo {
                id: ProviderId::cpu(),
                kind: ProviderKind::Cpu,
                model: "Ryzen".into(),
                detail: "16 threads".into(),
            },
            ProviderInfo {
                id: ProviderId("opencl:0".into()),
                kind: ProviderKind::OpenCl,
                model: "NVIDIA H200".into(),
                detail: "OpenCL: NVIDIA CUDA, driver 580.159.04, 139.8 GiB".into(),
            },
        ],
        memory_total: 64 << 30,
        memory_available: 40 << 30,
        folders: vec![],
        settings: AppSettings::default(),
        idle_readable: true,
        os: "linux",
    }
}

fn status_of(checks: &[DoctorCheck], id: &str) -> CheckStatus {
    checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
        .status
}

fn folder_check(free: u64, fs: &str) -> FolderCheck {
    FolderCheck {
        path: "/data".into(),
        exists: true,
        checked_at: "/data".into(),
        writable: true,
        not_writable_reason: None,
        free_bytes: free,
        total_bytes: free * 2,
        bytes_needed: 0,
        file_system: Some(fs.into()),
        max_file_bytes: None,
        removable: Some(false),
        network: Some(false),
    }
}

#[test]
fn a_gpu_through_opencl_is_all_right_and_gpu_post_is_not_needed() {
    let c = checks(&inputs());
    assert_eq!(status_of(&c, "opencl"), CheckStatus::Ok);
    assert_eq!(status_of(&c, "gpu_library"), CheckStatus::Info);
    assert_eq!(status_of(&c, "gpus"), CheckStatus::Ok);
    assert!(
        c.iter()
            .any(|c| c.id == "gpus" && c.summary.contains("driver 580.159.04"))
    );
}

#[test]
fn no_gpu_says_how_to_get_one_for_this_system() {
    let mut i = inputs();
    i.opencl = OpenClStatus::Unavailable {
        reason: "no OpenCL library (libOpenCL.so.1)".into(),
    };
    i.providers.truncate(1);
    let c = checks(&i);
    let opencl = c.iter().find(|c| c.id == "opencl").unwrap();
    assert_eq!(opencl.status, CheckStatus::Warning);
    assert!(
        opencl
            .fix
            .as_deref()
            .unwrap()
            .contains("ocl-icd-libopencl1")
    );
    assert_eq!(status_of(&c, "gpu_library"), CheckStatus::Warning);
    assert_eq!(status_of(&c, "gpus"), CheckStatus::Warning);
    i.os = "windows";
    let fix = checks(&i)
        .into_iter()
        .find(|c| c.id == "opencl")
        .unwrap()
        .fix
        .unwrap();
    assert!(fix.contains("NVIDIA, AMD or Intel"), "{fix}");
}

#[test]
fn an_integrated_gpu_is_pointed_out() {
    let mut i = inputs();
    i.providers[1].detail =
        "OpenCL integrated GPU: Intel(R) OpenCL, driver 24.1, 15.5 GiB shared with the computer"
            .into();
    assert_eq!(status_of(&checks(&i), "gpus"), CheckStatus::Warning);
}

#[test]
fn folders_short_of_space_unwritable_or_gone_are_problems() {
    let mut i = inputs();
    let folder = |bytes_left, check| FolderToCheck {
        label: "“a” in /data".into(),
        bytes_left,
        check,
    };
    i.folders = vec![
        folder(1 << 30, Ok(folder_check(10 << 30, "ext4"))),
        folder(20 << 30, Ok(folder_check(10 << 30, "ext4"))),
        folder(0, Err("the folder /media/usb does not exist".into())),
    ];
    let c = checks(&i);
    let found: Vec<CheckStatus> = c
        .iter()
        .filter(|c| c.id == "folder")
        .map(|c| c.status)
        .collect();
    assert_eq!(
        found,
        [CheckStatus::Ok, CheckStatus::Problem, CheckStatus::Problem]
    );
    assert!(c.iter().any(|c| {
        c.summary
            .contains("ext4, 10.0 GiB free, 20.0 GiB still to write")
    }));
}

#[test]
fn low_memory_sleep_off_and_unreadable_idle_time_are_warnings() {
    let mut i = inputs();
    i.memory_available = 1 << 30;
    i.settings.keep_awake = false;
    i.settings.pause_while_in_use = true;
    i.idle_readable = false;
    let c = checks(&i);
    for id in ["memory", "sleep", "pause_rules"] {
        assert_eq!(status_of(&c, id), CheckStatus::Warning, "{id}");
    }
    i.idle_readable = true;
    let rules = checks(&i)
        .into_iter()
        .find(|c| c.id == "pause_rules")
        .unwrap();
    assert_eq!(
        rules.summary,
        "Jobs pause on battery, while the computer is used (within 5 min)."
    );
}
