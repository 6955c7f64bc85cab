// Words that several parts of the window use, and the shared components' own text
// (ui/src/components/, ui/src/platform/errors.ts).
export const common = {
  tryAgain: "Try again",
  cancel: "Cancel",
  working: "Working…",
  saving: "Saving…",
  dismiss: "Dismiss",
  chooseFolder: "Choose folder…",
  pickFolderFailed: "Could not open the folder picker.",
  saveBundle: "Save a support bundle…",
  /** Two sentences of one message, in the order they are read. */
  sentences: "{first} {second}",
  supportBundle: {
    offer: "If this keeps happening, send us a support bundle with your report.",
    saved: "Saved to {path}.",
    notSaved: "Not saved: {message}",
  },
  /** What to do about an error of a code, where the code says more than the message. */
  errorHints: {
    diskFull: "The disk is full. Free some space on it, then Resume the job: what was written is kept.",
    notEnoughSpace:
      "Free some space on that disk, or choose a smaller size or a folder on another disk, then try again (or Resume).",
    folderInUse:
      "Another job of this app, or another program (a second PoS Desktop, or pos job run), has this data folder open. Stop it, or choose another folder.",
    notWritable: "Choose a folder where you can save files, or change the folder's permissions.",
    processorUnavailable:
      "The processor is switched off, gone, or not usable for this job. See the Processors page.",
    openProcessors: "Open Processors",
  },
  /** The checks of job parameters that the wizard and Settings share. */
  problems: {
    n: "N must be a power of two from {min} to {max}, such as {example}.",
    labelBits: "Label size must be a whole number of bits from 1 to {max}, such as {example}.",
  },
  /**
   * What is wrong with 64 hexadecimal digits as typed (lib/hex.ts), a whole sentence for each
   * value, so each can be translated with its own grammar.
   */
  hex: {
    id: {
      empty: "The id is empty. Paste the 64 hexadecimal digits (0-9, a-f).",
      notHex: 'The id contains "{character}", which is not a hexadecimal digit. Use only 0-9 and a-f.',
      length: {
        one: "The id has {count} digit; it needs exactly {needed}.",
        other: "The id has {count} digits; it needs exactly {needed}.",
      },
    },
    salt: {
      empty: "The salt is empty. Paste the 64 hexadecimal digits (0-9, a-f).",
      notHex: 'The salt contains "{character}", which is not a hexadecimal digit. Use only 0-9 and a-f.',
      length: {
        one: "The salt has {count} digit; it needs exactly {needed}.",
        other: "The salt has {count} digits; it needs exactly {needed}.",
      },
    },
    difficulty: {
      empty: "The difficulty is empty. Paste the 64 hexadecimal digits (0-9, a-f).",
      notHex:
        'The difficulty contains "{character}", which is not a hexadecimal digit. Use only 0-9 and a-f.',
      length: {
        one: "The difficulty has {count} digit; it needs exactly {needed}.",
        other: "The difficulty has {count} digits; it needs exactly {needed}.",
      },
    },
  },
  /** Failures that never reached the app's backend. */
  errors: {
    noBackend:
      "This page is not running inside PoS Desktop, so it cannot reach the app. Open it from the PoS Desktop app.",
    unexpected:
      "The app answered in a way this window does not understand ({reason}). Restart the app; if it happens again, send the diagnostics from About.",
  },
} as const;
