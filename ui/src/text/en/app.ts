// The window's frame: its name and the sidebar (ui/src/App.tsx).
export const app = {
  name: "PoS Desktop",
  nav: {
    label: "Main",
    jobs: "Jobs",
    newJob: "New job",
    processors: "Processors",
    settings: "Settings",
    doctor: "Doctor",
    about: "About",
    running: "{count} running",
    quit: "Quit",
  },
} as const;
