import { useEffect, useRef, useState } from "react";

import type { RepairReport } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { ProgressBar } from "../../components/ProgressBar";
import { formatCount } from "../../lib/format";
import { repairJob, stopRepair } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
import { onRepairProgress } from "../../platform/events";
import { t } from "../../text";

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
        title={t("jobs.repair.failed")}
        error={failure}
        testId="repair-error"
        hint={
          <button type="button" onClick={onClose}>
            {t("common.dismiss")}
          </button>
        }
      />
    );
  }
  if (!report) {
    return (
      <div className="notice notice-info" role="status" data-testid="repair-running">
        <p className="notice-title">{t("jobs.repair.running")}</p>
        <ProgressBar
          done={progress.checked}
          total={progress.planned}
          label={t("jobs.repair.progressLabel")}
        />
        <p>
          {progress.planned > 0
            ? t("jobs.repair.progress", {
                checked: formatCount(progress.checked),
                planned: formatCount(progress.planned),
              })
            : t("jobs.repair.starting")}
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
          {stopping ? t("jobs.repair.stopping") : t("jobs.repair.stop")}
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
      : [...perFile]
          .map(([file, labels]) => t("jobs.repair.file", { file, labels: formatCount(labels) }))
          .join(", ");
  const checked = formatCount(report.labels_checked);
  const outcome = report.stopped
    ? t("jobs.repair.stopped", { checked, planned: formatCount(report.labels_planned) })
    : report.labels_repaired > 0
      ? t("jobs.repair.rightAgain", { checked })
      : t("jobs.repair.noneDamaged", { checked });
  const text =
    report.labels_repaired > 0
      ? t("common.sentences", {
          first: t("jobs.repair.repaired", { count: report.labels_repaired, where }),
          second: outcome,
        })
      : outcome;
  return (
    <div
      className={`notice ${report.stopped ? "notice-warning" : "notice-ok"}`}
      role="status"
      data-testid="repair-result"
      data-repaired={report.labels_repaired}
    >
      <p>{text}</p>
      <button type="button" onClick={onClose}>
        {t("common.dismiss")}
      </button>
    </div>
  );
}
