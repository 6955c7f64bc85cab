import type { FailureCode } from "../platform/errors";
import { t, type PlainTextKey } from "../text";
import { GoToPage } from "./GoToPage";

/** What a person can do about an error of this code, where the code tells more than the message. */
const CODE_HINTS: Partial<Record<FailureCode, PlainTextKey>> = {
  disk_full: "common.errorHints.diskFull",
  not_enough_space: "common.errorHints.notEnoughSpace",
  folder_in_use: "common.errorHints.folderInUse",
  not_writable: "common.errorHints.notWritable",
  processor_unavailable: "common.errorHints.processorUnavailable",
};

/** The hint for `code`, with a way to the Processors page where that is where to look. */
export function ErrorCodeHint({ code }: { code: FailureCode }) {
  const hintKey = CODE_HINTS[code];
  if (hintKey === undefined) return null;
  return (
    <p className="notice-hint" data-testid="error-code-hint">
      {t(hintKey)}
      {code === "processor_unavailable" && (
        <>
          {" "}
          <GoToPage page="processors" label={t("common.errorHints.openProcessors")} />
        </>
      )}
    </p>
  );
}
