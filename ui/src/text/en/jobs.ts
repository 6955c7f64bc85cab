// The dashboard: the job list, a job's buttons, dialogs, checks and repairs (ui/src/features/jobs/).
// Failure messages and what a job waits for come from the app and are not here.
export const jobs = {
  title: "Jobs",
  listLabel: "Jobs in queue order",
  loading: "Loading your jobs…",
  loadFailed: {
    title: "Could not load your jobs.",
    hint: "Your data is safe on disk. Try again; if it keeps failing, restart the app.",
  },
  empty: {
    title: "Create your first proof of space",
    intro:
      "A job fills a folder with proof-of-space data, using your graphics card or processor. The app guides you through it: choose a folder and a size, and it does the rest.",
    create: "Create a job",
    /** Followed by the Add existing folder… button. */
    haveData: "Have PoS data already, made here or on another computer?",
  },
  newJob: "New job",
  addFolder: "Add existing folder…",
  pauseAll: "Pause all",
  pauseAllFailed: "Could not pause the jobs.",
  resumeAll: "Resume all",
  resumeAllFailed: "Could not resume the jobs.",
  state: {
    queued: "Waiting",
    running: "Running",
    paused: "Paused",
    completed: "Completed",
    failed: "Failed",
    cancelled: "Aborted",
  },
  /** What to do after each kind of failure. */
  failure: {
    disk_full: "The disk is full: free some space, then Resume.",
    io: "The app could not read or write the data folder. Check that the drive is connected and writable, then Resume.",
    compute:
      "The processor reported an error. Resume to try again; if it fails again, start a new job on another processor.",
    library: "The GPU library failed. Check its status on the Processors page, then Resume.",
    internal:
      "An internal error stopped the job; what was written is kept. Resume to try again, and if it happens again, send the logs from About.",
  },
  /** The card's line about time; durations and clock times come formatted. */
  time: {
    estimating: "Estimating the time left…",
    left: "{left} left · done around {finish}",
    heldByRule: "Goes on when the pause rule allows",
    waitingForProcessor: "Starts when a processor is free",
    paused: "Paused",
    pausedLeft: "Paused, {left} left when resumed",
    finishedIn: "Finished in {duration}",
    finished: "Finished",
    failed: "Stopped by an error",
    aborted: "Aborted",
  },
  /** A job's card (JobCard.tsx): its facts and notices; numbers and sizes come formatted. */
  card: {
    progressLabel: "Progress of {name}",
    done: "Done",
    labels: "{done} of {total} labels ({size})",
    speed: "Speed",
    /** The speed of a running job before the engine has measured it. */
    measuring: "Measuring…",
    time: "Time",
    /** Picked by whether the job has one processor or several (a title, without the number). */
    processors: { single: "Processor", several: "Processors" },
    pow: "Proof of work",
    powSolution: "solution {solution}",
    /** `reason` comes from the app: what a job pausing after its file waits for. */
    running: "Running: {reason}.",
    /** `reason` comes from the app: the pause rule that holds the job ("on battery; …"). */
    heldByRule: "Paused: {reason}.",
    changeRules: "Change when to compute",
    /** `reason` comes from the app: why the job waits for a processor. Followed by Open Processors. */
    waiting: "Waiting: {reason}",
    /** Followed by each processor and why. */
    processorsOff: {
      one: "A processor was taken off this job; it goes on with the others.",
      other: "{count} processors were taken off this job; it goes on with the others.",
    },
    /** `processor` is its name, in bold; `reason` comes from the app. */
    processorOff: "{processor}: {reason}",
  },
  /** The speed chart above the jobs (ThroughputChart.tsx, speedChartModel.ts); speeds come formatted. */
  chart: {
    title: {
      one: "Speed, labels per second, last minute",
      other: "Speed, labels per second, last {count} minutes",
    },
    /** The line of all processors together. */
    totalName: "All processors",
    /** The time axis: its end, and a mark `minutes` before it. */
    now: "now",
    minutesAgo: { other: "−{number} min" },
    /** A legend entry's speed when the processor is no longer busy. */
    stopped: "stopped",
    /** The tooltip's speed at a time when the processor was not busy. */
    notRunning: "not running",
    nothingRan: {
      one: "Nothing has run in the last minute.",
      other: "Nothing has run in the last {count} minutes.",
    },
    nowAndPeak: {
      one: "Now {now}; at most {peak} in the last minute.",
      other: "Now {now}; at most {peak} in the last {count} minutes.",
    },
    /** One line in the tooltip: "NVIDIA H100: 12.0 million labels/s"; `speed` may be notRunning. */
    lineAt: "{name}: {speed}",
    /** One line in the chart's spoken summary. */
    lineNow: "{name}: {speed} now",
    lineStopped: "{name}: stopped",
    /** Between the lines of the spoken summary. */
    lineSeparator: "; ",
    /** What a screen reader hears for the chart: the title, the summary, each line. */
    spoken: "{title}. {summary}",
    spokenWithLines: "{title}. {summary} {lines}.",
    legendLabel: "Lines of the chart",
    unit: "labels/s",
    /** Short numbers of the speed axis (labels per second): 500 k, 5 M, 1.5 bn. */
    tick: { thousand: "{value} k", million: "{value} M", billion: "{value} bn" },
  },
  actions: {
    pause: "Pause",
    pausing: "Pausing…",
    pauseFailed: "Could not pause the job.",
    pauseAfterFile: "Pause after this file",
    pauseAfterFileTitle:
      "Let the files being written now complete, then pause: every file it touched is whole",
    resume: "Resume",
    resuming: "Resuming…",
    resumeFailed: "Could not resume the job.",
    findFolder: "Find folder…",
    verify: "Verify",
    verifying: "Verifying…",
    verifyTitle: "Recompute a sample of the labels and compare them with the files",
    verifyFailed: "Could not verify the data.",
    openFolder: "Open folder",
    openFolderFailed: "Could not open the folder.",
    earlier: "Earlier",
    earlierLabel: "Earlier: move {job} up in the queue",
    later: "Later",
    laterLabel: "Later: move {job} down in the queue",
    moveFailed: "Could not change the queue order.",
    abort: "Abort",
    abortFailed: "Could not abort the job.",
    delete: "Delete",
    deleteFailed: "Could not delete the job.",
  },
  abortDialog: {
    title: "Abort the job “{job}”?",
    confirm: "Abort job",
    body: "The job stops for good. The data made so far stays in its folder until you delete the job. To stop for a while and continue later, use Pause instead.",
  },
  deleteDialog: {
    title: "Delete the job “{job}”?",
    confirm: "Delete job",
    confirmWithData: "Delete job and data",
    runningBody:
      "The job stops at its next checkpoint and leaves the list. Its data files stay in {dir} unless you tick the box below.",
    body: "The job leaves the list. Its data files stay in {dir} unless you tick the box below.",
    withData: "Also delete the data files ({size}). This cannot be undone.",
  },
  folderDialog: {
    label: "Data folder",
    add: {
      title: "Add an existing folder",
      help: "A folder with PoS data in it (pos-meta.json and postdata files). Complete data is listed as done; unfinished data goes on where it stopped.",
      confirm: "Add folder",
      failed: "Could not add the folder.",
    },
    find: {
      title: "Where is the data of “{job}” now?",
      help: "It was in {dir}. Choose where it is now (moved, or on a drive with another letter); it must hold this job's data, which then goes on from its last checkpoint.",
      confirm: "Use this folder",
      failed: "Could not use that folder.",
    },
  },
  finished: {
    ready: "Your PoS data is ready: {size}, {labels} labels.",
    /** `dir` is shown as a path. */
    where: "It is in {dir}. Leave the folder where it is and keep its files together; Open folder shows it.",
    checkEvery: "Check every label",
  },
  /** What a finished job's last check found; counts come formatted, `when` is check.today or check.onDay. */
  check: {
    today: "today at {time}",
    onDay: "on {day} at {time}",
    running: "A sample of the labels is being checked…",
    notYet: "The labels have not been checked yet.",
    everyCorrect: "Every label ({labels}) was checked {when}: all are correct.",
    everyDamaged:
      "Every label ({labels}) was checked {when}: {damaged} were damaged; the data is correct now.",
    everyRewritten:
      "Every label ({labels}) was checked {when}: {damaged} were damaged and written again; the data is correct now.",
    sampleCorrect:
      "{labels} labels picked at random were computed again on the processor (CPU) {when} and all match.",
    sampleWrong:
      "{wrong} of {labels} labels checked {when} are wrong. Check every label to find and rewrite the damaged ones.",
  },
  verify: {
    wrong: "Checked {checked} of {planned} sampled labels: {wrong} do not match.",
    firstWrong: "The first is label {label} of {file} (position {position}).",
    damaged: "The data is damaged: Repair recomputes every label and writes the damaged ones again.",
    stopped:
      "The check stopped after {checked} of {planned} sampled labels; none of those were wrong. Run Verify again to finish it.",
    correct: "Checked {checked} of {planned} sampled labels: all correct.",
    filesLabel: "Files with wrong labels",
    file: "{file}: {wrong} of {checked} checked labels wrong",
    repair: "Repair",
  },
  repair: {
    failed: "Could not repair the data.",
    running: "Repairing: every label is recomputed and compared with the files.",
    progressLabel: "Labels checked by the repair",
    progress: "Checked {checked} of {planned} labels.",
    starting: "Starting…",
    stop: "Stop",
    stopping: "Stopping…",
    /** One file of several where labels were repaired, with how many: "postdata_1.bin (3)". */
    file: "{file} ({labels})",
    /** `where`: one file name, or several as repair.file. */
    repaired: {
      one: "Repaired {count} damaged label in {where}.",
      other: "Repaired {count} damaged labels in {where}.",
    },
    stopped:
      "Stopped after checking {checked} of {planned} labels; what was repaired stays. Repair again to check them all.",
    rightAgain: "All {checked} labels are right again.",
    noneDamaged: "Checked all {checked} labels: none is damaged.",
  },
} as const;
