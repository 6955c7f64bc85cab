import { useState } from "react";

import type { FailureCode } from "../platform/errors";
import { saveSupportBundle } from "../platform/api";
import { t } from "../text";

/**
 * Errors that are the app's or the system's, not the person's input: for these an error
 * notice offers the support bundle, so a report is one click away.
 */
const WORTH_A_REPORT: ReadonlySet<FailureCode> = new Set<FailureCode>([
  "internal",
  "io",
  "compute",
  "job_list",
]);

/** "Save a support bundle…" under an error worth reporting; says where it was saved. */
export function SupportBundleOffer({ code }: { code: FailureCode }) {
  const [state, setState] = useState<{ saved: string } | { failed: string } | "saving" | null>(null);
  if (!WORTH_A_REPORT.has(code)) return null;

  async function save() {
    setState("saving");
    try {
      const saved = await saveSupportBundle();
      setState(saved === null ? null : { saved });
    } catch (error) {
      setState({ failed: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <p className="notice-hint" data-testid="error-support-bundle">
      {t("common.supportBundle.offer")}{" "}
      <button type="button" disabled={state === "saving"} onClick={() => void save()}>
        {state === "saving" ? t("common.saving") : t("common.saveBundle")}
      </button>
      {state !== null && state !== "saving" && (
        <span role="status">
          {" "}
          {"saved" in state
            ? t("common.supportBundle.saved", { path: state.saved })
            : t("common.supportBundle.notSaved", { message: state.failed })}
        </span>
      )}
    </p>
  );
}
