import { useState } from "react";

import type { GpuLibraryStatus, OpenClStatus } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCommand } from "../../lib/useCommand";
import { openGpuPostPage, pickGpuLibrary, restartApp } from "../../platform/api";
import { t } from "../../text";
import { RichText } from "../../text/RichText";
import { useSettings } from "../settings/SettingsContext";

interface GpuLibraryNoticeProps {
  status: GpuLibraryStatus;
  /** What the built-in GPU support found: when it found graphics cards, gpu-post is optional. */
  opencl: OpenClStatus;
  /** The Processors page shows every state; the wizard only what a person has to act on. */
  showAll?: boolean;
}

/**
 * gpu-post, the optional second way to use graphics cards: loaded, or what it would add and how
 * to get it, with buttons (a web page and a file picker), never a path to type.
 */
export function GpuLibraryNotice({ status, opencl, showAll = false }: GpuLibraryNoticeProps) {
  const builtInGpus = opencl.status === "found" && opencl.devices > 0;
  if (status.status === "loaded") {
    if (!showAll) return null;
    return (
      <div className="notice notice-ok" data-testid="gpu-library-status" data-status="loaded">
        <p className="notice-title">{t("processors.gpuPost.loaded", { count: status.devices })}</p>
        <p className="path">{status.path}</p>
      </div>
    );
  }
  if (status.status === "disabled") {
    if (!showAll) return null;
    return (
      <div className="notice notice-info" data-testid="gpu-library-status" data-status="disabled">
        <p>{t("processors.gpuPost.disabled")}</p>
      </div>
    );
  }
  // Not found: with the built-in support working this is nothing to act on, so the wizard says
  // nothing and Processors says what gpu-post would add.
  if (builtInGpus && !showAll) return null;
  return (
    <div className="notice notice-info" data-testid="gpu-library-status" data-status="unavailable">
      <p className="notice-title">
        {builtInGpus ? t("processors.gpuPost.optionalTitle") : t("processors.gpuPost.neededTitle")}
      </p>
      <p>{builtInGpus ? t("processors.gpuPost.optional") : t("processors.gpuPost.needed")}</p>
      <GpuLibraryActions />
      <details className="notice-details">
        <summary>{t("processors.gpuPost.whatWasTried")}</summary>
        <p className="path" data-testid="gpu-library-reason">
          {status.reason}
        </p>
      </details>
    </div>
  );
}

/** "Get gpu-post", "Choose the library file…", and once chosen, "Restart now". */
function GpuLibraryActions() {
  const { load, save } = useSettings();
  const command = useCommand();
  const [chosen, setChosen] = useState<string | null>(null);

  async function choose() {
    await command.run("choose", t("processors.gpuPost.chooseFailed"), async () => {
      const picked = await pickGpuLibrary();
      if (picked === null || load.status !== "ready") return;
      await save({ ...load.settings, gpu_library_path: picked });
      setChosen(picked);
    });
  }

  return (
    <>
      <div className="button-row">
        <button
          type="button"
          onClick={() => void command.run("page", t("processors.gpuPost.getFailed"), openGpuPostPage)}
          data-testid="gpu-library-get"
        >
          {t("processors.gpuPost.get")}
        </button>
        <button
          type="button"
          onClick={() => void choose()}
          disabled={command.busy !== null || load.status !== "ready"}
          data-testid="gpu-library-choose"
        >
          {t("processors.gpuPost.choose")}
        </button>
      </div>
      {chosen !== null && (
        <div className="notice notice-ok" data-testid="gpu-library-chosen">
          <p>
            <RichText
              text="processors.gpuPost.loadsAtRestart"
              params={{ path: <span className="path">{chosen}</span> }}
            />
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => void command.run("restart", t("processors.gpuPost.restartFailed"), restartApp)}
            data-testid="gpu-library-restart"
          >
            {t("processors.gpuPost.restart")}
          </button>
        </div>
      )}
      {command.problem && <ErrorNotice title={command.problem.title} error={command.problem.error} />}
    </>
  );
}
