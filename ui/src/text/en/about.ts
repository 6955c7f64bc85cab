// The About page: versions, this computer, updates, and help (ui/src/features/about/).
export const about = {
  title: "About",
  loading: "Reading this computer's details…",
  loadFailed: {
    title: "Could not read this computer's details.",
    hint: "Try again; the rest of the app works without them.",
  },
  system: {
    version: "version {version}",
    os: "System",
    processor: "Processor",
    processorValue: { one: "{model}, {count} core", other: "{model}, {count} cores" },
    memory: "Memory",
  },
  disks: {
    title: "Disks",
    disk: "Disk",
    mountedAt: "Mounted at",
    free: "Free",
    size: "Size",
    /** Shown for a disk the system gives no name. */
    noName: "—",
  },
  help: {
    title: "Help",
    intro:
      "When something goes wrong, a support bundle helps whoever looks into it: one file with the diagnostics, the settings and the recent logs, without your ids. Attach it to your report.",
    saveBundleFailed: "Could not save the support bundle.",
    bundleSaved: "Saved to {path}. Attach it to your report.",
    openLogs: "Open logs",
    openLogsFailed: "Could not open the logs folder.",
    copyDiagnostics: "Copy diagnostics",
    collecting: "Collecting…",
    collectFailed: "Could not collect the diagnostics.",
    copied: "Copied. Paste it into your message.",
    failedHint: "Try again; if it fails again, restart the app.",
    clipboardRefused:
      "The clipboard did not accept the text. Select it below and copy it yourself (Ctrl+C or ⌘C).",
    diagnosticsLabel: "Diagnostics",
  },
  updates: {
    title: "Updates",
    loading: "Reading how this version updates…",
    unknown: "Could not tell whether automatic updates are on: {message}",
    check: "Check for updates",
    checking: "Checking…",
    checkFailed: "Could not check for updates.",
    restart: "Restart to update",
    restarting: "Updating…",
    installFailed: "Could not install the update.",
    whatIsNew: "What is new in {version}",
    failedHint: "Your jobs are not affected. Try again later, or download the newest release yourself.",
  },
} as const;
