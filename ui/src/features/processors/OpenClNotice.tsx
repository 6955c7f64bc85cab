import type { OpenClStatus } from "../../bindings";
import { t } from "../../text";

/** Whether the built-in GPU provider (OpenCL) found graphics cards, and if not, why. */
export function OpenClNotice({ status }: { status: OpenClStatus }) {
  if (status.status === "found") {
    return (
      <div className="notice notice-ok" data-testid="opencl-status" data-status="found">
        <p className="notice-title">{t("processors.openCl.found", { count: status.devices })}</p>
      </div>
    );
  }
  return (
    <div className="notice notice-info" data-testid="opencl-status" data-status={status.status}>
      <p className="notice-title">
        {status.status === "disabled" ? t("processors.openCl.disabled") : t("processors.openCl.none")}
      </p>
      {status.status === "unavailable" && (
        <>
          <p>{t("processors.openCl.needsDriver")}</p>
          <details className="notice-details">
            <summary>{t("processors.openCl.whatWasFound")}</summary>
            <p className="path" data-testid="opencl-reason">
              {status.reason}
            </p>
          </details>
        </>
      )}
    </div>
  );
}
