// Banners about the app itself and the question before quitting (ui/src/features/notices/).
// The messages inside the banners come from the app and are not here.
export const notices = {
  notSaved: {
    title: "The job list could not be saved.",
    hint: "The jobs keep running, but a restart would forget changes made since. Free space on the disk that holds the app's data, or check that it is writable.",
  },
  startup: {
    title: "Something went wrong while the app started.",
  },
  quit: {
    title: "Quit PoS Desktop?",
    confirm: "Quit",
    cancel: "Keep running",
    failed: "Could not quit.",
    running: {
      one: "{count} job is running. Quitting stops them at their last checkpoint; they go on from there when you start the app again.",
      other:
        "{count} jobs are running. Quitting stops them at their last checkpoint; they go on from there when you start the app again.",
    },
  },
} as const;
