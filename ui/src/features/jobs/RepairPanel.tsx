import { useEffect, useRef, useState } from "react";

import type { RepairReport } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { ProgressBar } from "../../components/ProgressBar";
import { formatCount } from "../../lib/format";
import { repairJob, stopRepair } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
import { onRepairProgress } from "../../platform/events";

interface RepairPanelProps {
  jobId: number;
  /** The repair ended: repaired, stopped or failed. */
  onFinished: () => void;
  onClose: () => void;
}

/**
 * A repair of one job, from its start to its outcome: the engine reads every label, recomputes it
 * on the CPU and writes the damaged ones again. Long (as long as the CPU takes to compute the job),
 * so it shows its progress and can be stopped; what it repaired before a stop stays.
 */
export function RepairPanel({ jobId, onFinished, onClose }: RepairPanelProps) {
  const [progress, setProgress] = useState({ checked: 0, planned: 0 });
  const [report, setReport] = useState<RepairReport | null>(null);
  const [failure, setFailure] = useState<FailureInfo | null>(null);
  const [stopping, setStopping] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    // One repair per panel, also under React's strict mode, which runs effects twice.
    if (started.current) return;
    started.current = true;
    void (async () => {
      const unsubscribe = await onRepairProgress((update) => {
        if (update.id === jobId)
          setProgress({ checked: update.labels_checked, planned: update.labels_planned });
      });
      try {
        setReport(await repairJob(jobId));
      } catch (error) {
        setFailure(describeError(error));
      } finally {
        unsubscribe();
        onFinished();
      }
    })();
  }, [jobId, onFinished]);

  if (failure) {
    return (
      <ErrorNotice
        title="Could not repair the data."
        error={failure}
        testId="repair-error"
        hint={
          <button type="button" onClick={onClose}>
            Dismiss
          </button>
        }
      />
    );
  }
  if (!report) {
    return (
      <div className="notice notice-info" role="status" data-testid="repair-running">
        <p className="notice-title">Repairing: every label is recomputed and compared with the files.</p>
        <ProgressBar done={progress.checked} total={progress.planned} label="Labels checked by the repair" />
        <p>
          {progress.planned > 0
            ? `Checked ${formatCount(progress.checked)} of ${formatCount(progress.planned)} labels.`
            : "Starting…"}
        </p>
        <button
          type="button"
          disabled={stopping}
          onClick={() => {
            setStopping(true);
            void stopRepair(jobId);
          }}
          data-testid="repair-stop"
        >
          {stopping ? "Stopping…" : "Stop"}
        </button>
      </div>
    );
  }
  return <RepairOutcome report={report} onClose={onClose} />;
}

function RepairOutcome({ report, onClose }: { report: RepairReport; onClose: () => void }) {
  const perFile = new Map<string, number>();
  for (const range of report.repaired) {
    perFile.set(range.file_name, (perFile.get(range.file_name) ?? 0) + range.labels);
  }
  const where =
    perFile.size === 1
      ? [...perFile.keys()].join("")
      : [...perFile].map(([file, labels]) => `${file} (${formatCount(labels)})`).join(", ");
  const repaired =
    report.labels_repaired > 0
      ? `Repaired ${formatCount(report.labels_repaired)} damaged ${report.labels_repaired === 1 ? "label" : "labels"} in ${where}. `
      : "";
  let text: string;
  if (report.stopped) {
    text = `${repaired}Stopped after checking ${formatCount(report.labels_checked)} of ${formatCount(report.labels_planned)} labels; what was repaired stays. Repair again to check them all.`;
  } else if (report.labels_repaired > 0) {
    text = `${repaired}All ${formatCount(report.labels_checked)} labels are right again.`;
  } else {
    text = `Checked all ${formatCount(report.labels_checked)} labels: none is damaged.`;
  }
  return (
    <div
      className={`notice ${report.stopped ? "notice-warning" : "notice-ok"}`}
      role="status"
      data-testid="repair-result"
      data-repaired={report.labels_repaired}
    >
      <p>{text}</p>
      <button type="button" onClick={onClose}>
        Dismiss
      </button>
    </div>
  );
}
