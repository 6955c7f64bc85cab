import type { FailureCode } from "../platform/errors";
import { GoToPage } from "./GoToPage";

/** What a person can do about an error of this code, where the code tells more than the message. */
const CODE_HINTS: Partial<Record<FailureCode, string>> = {
  disk_full: "The disk is full. Free some space on it, then Resume the job: what was written is kept.",
  not_enough_space:
    "Free some space on that disk, or choose a smaller size or a folder on another disk, then try again (or Resume).",
  folder_in_use:
    "Another job of this app, or another program (a second PoS Desktop, or pos job run), has this data folder open. Stop it, or choose another folder.",
  not_writable: "Choose a folder where you can save files, or change the folder's permissions.",
  processor_unavailable:
    "The processor is switched off, gone, or not usable for this job. See the Processors page.",
};

/** The hint for `code`, with a way to the Processors page where that is where to look. */
export function ErrorCodeHint({ code }: { code: FailureCode }) {
  const hint = CODE_HINTS[code];
  if (hint === undefined) return null;
  return (
    <p className="notice-hint" data-testid="error-code-hint">
      {hint}
      {code === "processor_unavailable" && (
        <>
          {" "}
          <GoToPage page="processors" label="Open Processors" />
        </>
      )}
    </p>
  );
}
