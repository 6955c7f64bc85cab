import type { FailureInfo } from "../platform/errors";
import type { ReactNode } from "react";

import { t } from "../text";

import { ErrorCodeHint } from "./ErrorCodeHint";
import { SupportBundleOffer } from "./SupportBundleOffer";

interface ErrorNoticeProps {
  /** What the person was trying to do, as a sentence: "Could not start the job." */
  title: string;
  error: FailureInfo;
  /** What to do about it, when the message itself does not say. */
  hint?: ReactNode;
  onRetry?: () => void;
  testId?: string;
}

/**
 * An error in words: what was being done, what the app answered, and what to do next (from the
 * error's code where it says more, then the caller's hint), and for an error that is the app's or
 * the system's, a support bundle to send.
 */
export function ErrorNotice({ title, error, hint, onRetry, testId = "error" }: ErrorNoticeProps) {
  return (
    <div className="notice notice-error" role="alert" data-testid={testId} data-code={error.code}>
      <p className="notice-title">{title}</p>
      <p>{error.message}</p>
      <ErrorCodeHint code={error.code} />
      {hint !== undefined && <p className="notice-hint">{hint}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("common.tryAgain")}
        </button>
      )}
      <SupportBundleOffer code={error.code} />
    </div>
  );
}
