// The New job wizard: its steps and the checks of what is typed (ui/src/features/setup/). The
// wizard's N and label size checks are shared with Settings (common.problems), as are the
// sentences about ids, salts and difficulties (common.hex).
export const setup = {
  title: "New job",
  stepsLabel: "Steps",
  steps: {
    folder: "Folder",
    size: "Size",
    processor: "Processor",
    identity: "Identity",
    summary: "Summary",
  },
  /** The current step's heading: "Step 2 of 5: Size". */
  stepHeading: "Step {number} of {total}: {title}",
  back: "Back",
  next: "Next",
  backToSummary: "Back to summary",
  start: "Start",
  starting: "Starting…",
  startFailed: "Could not start the job.",
  startFailedHint: "Nothing was created. Change what the message points at, then press Start again.",
  checkingFolder: "Checking the folder…",
  /** Free space, in <strong> where a sentence names it: "20.0 GiB free". */
  free: "{free} free",
  folder: {
    intro:
      "Choose where to keep the data. The disk with the most free space is chosen for you; the data can take up most of it.",
    label: "Folder for the data",
    help: "Another place: type its full path or choose it. If the folder does not exist yet, the app creates it.",
    placeholder: "For example D:\\PoS or /home/you/pos",
    pickFailedHint: "Type the folder's path in the box instead.",
    checkFailed: "Could not check this folder.",
    checkFailedHint: "Check the path, or choose the folder with the button.",
    /** `free` is setup.free, in bold. */
    space: "{free} of {total} on this disk.",
    /** The same with what kind of drive it is: "(FAT32, removable drive)". */
    spaceOnDrive: "{free} of {total} on this disk ({drive}).",
    removableDrive: "removable drive",
    networkFolder: "network folder",
    canWrite: "The app can write here.",
    willCreate: "The folder does not exist yet; the app will create it.",
    fileLimit: "This drive holds files of at most {limit}, so the data is split into files of that size.",
  },
  disks: {
    loading: "Looking for disks…",
    loadFailed: "Could not list the disks of this computer.",
    loadFailedHint: "Type the folder's path below, or choose it with the button.",
    legend: "Disks on this computer",
    space: "{free} free of {total}",
    removable: "removable",
    holdsHome: "your home folder is here",
    notWritable: "the app cannot write here",
    folder: "Data goes to {folder}",
  },
  size: {
    /** `free` is setup.free, in bold. */
    intro: "How much space should the data fill? This folder's disk has {free} of {total}.",
    label: "Size in GiB",
    help: "1 GiB is {bytes} bytes, what Windows calls 1 GB.",
    sharesLabel: "Use a share of the free space",
    share: "Use {share}% of free space",
    labels: "{labels} labels of {bits} bits; {free} stays free.",
    measuring: "Measuring the processors to estimate the time…",
    /** `processors`: their names as a list ("A and B"). */
    estimate:
      "On {processors}: {duration}, done around {finish}. You can choose other processors in the next step.",
  },
  processor: {
    intro:
      "Choose what computes the data. The app measures each one for a few seconds; the fastest is chosen for you. You can choose several.",
    noneOn: "Every processor is turned off. Turn one on in the Processors page, then come back to this step.",
    legend: "Processors for this job",
    alone: "Alone: {duration} for this job",
    turnedOff: {
      one: "{count} turned off in the Processors page is not shown.",
      other: "{count} turned off in the Processors page are not shown.",
    },
    chooseOne: "Choose at least one processor.",
    estimating: "Estimating the time…",
    estimate: "Estimated time: {duration}.",
    cpuWithGpu:
      "A processor (CPU) next to a graphics card adds little speed and may finish its part long after the card.",
    noneChosen: "Choose at least one processor for this job, or wait until the measurements finish.",
  },
  identity: {
    intro:
      "The data belongs to one identity. Paste its id: 64 hexadecimal digits (0-9, a-f), as your node shows it.",
    id: {
      label: "Identity id",
      help: "Spaces and a leading 0x are ignored.",
      testHelp: "A random id for trying the app out. Data made with it is not tied to a real identity.",
      placeholder: "64 hexadecimal digits",
    },
    generate: "Generate a test id",
    advanced: "Advanced: salt, N, label size, proof of work, file size",
    advancedIntro: "Leave these as they are unless your network asks for other values.",
    salt: {
      label: "Salt",
      help: "64 hexadecimal digits. The default is the one the pos server used.",
    },
    n: { label: "N (scrypt cost)", help: "A power of two; 512 by default." },
    labelBits: { label: "Label size (bits)", help: "8 by default." },
    maxFile: { label: "Largest file (GiB)", help: "The data is split into files of at most this size." },
    difficulty: {
      label: "Proof-of-work difficulty",
      help: "Leave empty for none. Otherwise 64 hexadecimal digits; the app then also searches a proof of work.",
    },
  },
  summary: {
    intro: "Check everything once more. Start adds the job to the queue; it begins when a processor is free.",
    name: { label: "Job name", help: "Shown on the dashboard and in notifications." },
    /** Each row's title and its Change button's name for screen readers. */
    rows: {
      folder: { title: "Folder", change: "Change folder" },
      size: { title: "Size", change: "Change size" },
      processor: { title: "Processor", change: "Change processor" },
      processors: { title: "Processors", change: "Change processors" },
      id: { title: "Identity id", change: "Change identity id" },
      salt: { title: "Salt", change: "Change salt" },
      parameters: { title: "Parameters", change: "Change parameters" },
      pow: { title: "Proof of work", change: "Change proof of work" },
    },
    change: "Change",
    size: "{size} · {labels} labels",
    estimating: "estimating the time…",
    estimate: "{duration}, done around {finish}",
    parameters: "N = {n}, {bits}-bit labels, files of at most {limit}",
    noPow: "None",
  },
  problems: {
    noFolder: "Choose a folder for the data, or type its full path.",
    notWritable:
      "The app cannot write to this folder. Choose another folder, or one on another disk, where you can save files.",
    /** `reason`: the system's words, without their final full stop. */
    notWritableBecause:
      "The app cannot write to this folder ({reason}). Choose another folder, or one on another disk, where you can save files.",
    noSize: "Enter how much space to fill, in GiB, or use one of the buttons.",
    sizeNotNumber: "Enter the size as a number of GiB, such as 100 or {example}.",
    sizeTooSmall: "That is too small for even one label. Enter a larger size.",
    sizeOverFree:
      "That is more than the free space in this folder ({free}). Enter a smaller size, or go back and choose a folder on another disk.",
    lowSpace:
      "This leaves only {left} free on the disk. Other programs, and your system, may stop working well when a disk is full. A smaller size is safer.",
    maxFile: "Enter the largest size of one data file in GiB, at least {min}, such as {example}.",
    noName: "Give the job a name, so you can tell it apart on the dashboard.",
  },
  /** A file size limit as people know it: "4 GiB − 1 byte" rather than a rounded "4.0 GiB". */
  fileLimit: "{gib} GiB − 1 byte",
  /** Why the files are smaller than asked; `fileSystem` such as "FAT32". */
  fileLimitNote:
    "Files of at most {limit} because this drive is {fileSystem}; the data is split into more files.",
  fileLimitNoteUnknown:
    "Files of at most {limit} because this drive is limited; the data is split into more files.",
} as const;
