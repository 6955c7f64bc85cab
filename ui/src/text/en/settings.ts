// The Settings page and its checks (ui/src/features/settings/).
export const settings = {
  title: "Settings",
  loading: "Loading settings…",
  loadFailed: {
    title: "Could not load the settings.",
    hint: "Try again. If it keeps failing, restart the app and send the diagnostics from About.",
  },
  newJobs: {
    legend: "New jobs",
    defaultFolder: {
      label: "Default folder",
      help: "The wizard starts with this folder. Leave empty to choose each time.",
    },
    pickFailedHint: "Type the folder's path instead.",
    n: {
      label: "N (scrypt cost)",
      help: "A power of two; 512 unless your network says otherwise.",
    },
    labelBits: {
      label: "Label size (bits)",
      help: "8 unless your network says otherwise.",
    },
    maxFile: {
      label: "Largest file (GiB)",
      help: "Data is split into files of at most this size.",
    },
    salt: {
      label: "Default salt",
      help: "64 hexadecimal digits, used by every new job unless changed in its Advanced part.",
      reset: "Use the pos server's salt",
    },
  },
  gpu: {
    legend: "Graphics cards",
    libraryPath: {
      label: "GPU library path",
      help: "The full path of the gpu-post library, or of the folder that holds it. Leave empty to look in the app's own folder and the system's library folders (never the current folder). Which processors new jobs may use is chosen on the Processors page.",
      choose: "Choose file…",
      pickFailed: "Could not open the file picker.",
    },
  },
  compute: {
    legend: "When to compute",
    modeGroup: "How hard to compute",
    full: "Full speed",
    leaveRoom: "Leave room for me",
    modeHelp:
      "Leaving room uses half the processor cores and runs graphics cards at about half speed, so the computer stays cool and quick to use; jobs take about twice as long.",
    pauseOnBattery: {
      label: "Pause on battery",
      help: "Jobs wait while a laptop runs on its battery and go on when it is plugged in.",
    },
    pauseWhileInUse: {
      label: "Pause while I use the computer",
      help: "Jobs wait while the keyboard or mouse is in use and go on once it has been left alone for the minutes below.",
    },
    inUseMinutes: {
      label: "Minutes without keyboard or mouse",
      help: "How long the computer must be left alone before jobs go on.",
    },
    hoursOnly: {
      label: "Compute only at certain hours",
      help: "Outside these hours (this computer's clock) jobs wait. From 22:00 until 07:00 runs overnight.",
    },
    hoursFrom: { label: "From", help: "Hours and minutes, such as 22:00." },
    hoursTo: { label: "Until", help: "Such as 07:00." },
  },
  app: {
    legend: "The app",
    notifications: {
      label: "Notifications",
      help: "Tell me when a job finishes or fails.",
    },
    keepAwake: {
      label: "Keep the computer awake while a job runs",
      help: "It will not go to sleep on its own while data is being made; the screen may still turn off. Once no job runs, it may sleep again.",
    },
    closeToTray: {
      label: "Keep running when the window is closed",
      help: "Jobs continue in the background; open the app again from its icon in the tray or menu bar.",
    },
    startAtLogin: {
      label: "Start when I log in",
      help: "Open the app in the background when you log in to this computer.",
    },
    resumeOnStart: {
      label: "Continue jobs when the app starts",
      help: "Jobs that were running when the app closed continue where they stopped.",
    },
    serveApi: {
      label: "Serve the pos server API",
      help: "For node software that used the old gRPC pos server. Leave off unless you need it. API clients see and stop only the jobs they started, unless they send the token in pos-api.cookie in the app's data folder.",
    },
    apiReachesWindowJobs: {
      label: "Let API clients reach the window's jobs",
      help: "Any program on this computer could then see, stop and delete the jobs you started here. Leave off unless you need it.",
    },
  },
  /** N, label size and the salt are checked as in the wizard: common.problems, common.hex. */
  problems: {
    maxFile: "Enter the largest file size in GiB, at least {min}, such as {example}.",
    inUseMinutes: "Enter a whole number of minutes from 1 to 1440, such as 5.",
    hours: "Enter both times as hours and minutes, such as 22:00 and 07:00.",
    fixFirst: "Some values need fixing before they can be saved; see the messages above.",
  },
  save: "Save",
  saveFailed: "Could not save the settings.",
  saveFailedHint: "Your changes are still on this page. Fix what the message says, then press Save again.",
  saved: "Settings saved.",
} as const;
