import type { OpenClStatus } from "../../bindings";
import { formatCount } from "../../lib/format";

/** Whether the built-in GPU provider (OpenCL) found graphics cards, and if not, why. */
export function OpenClNotice({ status }: { status: OpenClStatus }) {
  if (status.status === "found") {
    return (
      <div className="notice notice-ok" data-testid="opencl-status" data-status="found">
        <p className="notice-title">
          Built-in GPU support: {formatCount(status.devices)} graphics{" "}
          {status.devices === 1 ? "card" : "cards"} found through OpenCL.
        </p>
      </div>
    );
  }
  return (
    <div className="notice notice-info" data-testid="opencl-status" data-status={status.status}>
      <p className="notice-title">
        {status.status === "disabled"
          ? "Built-in GPU support is switched off."
          : "The built-in GPU support found no graphics card."}
      </p>
      {status.status === "unavailable" && (
        <>
          <p>
            It needs the graphics card's driver (NVIDIA, AMD, Intel or Apple), which brings OpenCL. Install or
            update the driver from the card maker's website, then restart the app.
          </p>
          <details className="notice-details">
            <summary>What the app found</summary>
            <p className="path" data-testid="opencl-reason">
              {status.reason}
            </p>
          </details>
        </>
      )}
    </div>
  );
}
