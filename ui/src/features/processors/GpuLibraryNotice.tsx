import type { GpuLibraryStatus } from "../../bindings";
import { formatCount } from "../../lib/format";
import { gpuLibraryHint } from "./providerText";

/** Whether graphics cards can be used, and if not, why and what to do. */
export function GpuLibraryNotice({
  status,
  showLoaded = false,
}: {
  status: GpuLibraryStatus;
  showLoaded?: boolean;
}) {
  if (status.status === "loaded") {
    if (!showLoaded) return null;
    return (
      <div className="notice notice-ok" data-testid="gpu-library-status" data-status="loaded">
        <p className="notice-title">
          GPU library loaded: {formatCount(status.devices)} graphics {status.devices === 1 ? "card" : "cards"}{" "}
          found.
        </p>
        <p className="path">{status.path}</p>
      </div>
    );
  }
  return (
    <div className="notice notice-info" data-testid="gpu-library-status" data-status={status.status}>
      <p className="notice-title">
        {status.status === "disabled"
          ? "Graphics cards are not used."
          : "Graphics cards cannot be used right now."}
      </p>
      <p>{gpuLibraryHint(status)}</p>
      {status.status === "unavailable" && (
        <details className="notice-details">
          <summary>What the app tried</summary>
          <p className="path" data-testid="gpu-library-reason">
            {status.reason}
          </p>
        </details>
      )}
    </div>
  );
}
