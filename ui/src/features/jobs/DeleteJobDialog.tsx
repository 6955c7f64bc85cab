import { useState } from "react";

import type { JobStatus } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatBytes } from "../../lib/format";
import { t } from "../../text";

interface DeleteJobDialogProps {
  job: JobStatus;
  busy: boolean;
  onConfirm: (withData: boolean) => void;
  onCancel: () => void;
}

export function DeleteJobDialog({ job, busy, onConfirm, onCancel }: DeleteJobDialogProps) {
  const [withData, setWithData] = useState(false);
  const written = formatBytes((job.labels_done * job.label_bits) / 8);
  return (
    <ConfirmDialog
      title={t("jobs.deleteDialog.title", { job: job.name })}
      confirmLabel={withData ? t("jobs.deleteDialog.confirmWithData") : t("jobs.deleteDialog.confirm")}
      danger
      busy={busy}
      onConfirm={() => {
        onConfirm(withData);
      }}
      onCancel={onCancel}
      testId="delete-dialog"
    >
      <p>
        {job.state.state === "running"
          ? t("jobs.deleteDialog.runningBody", { dir: job.dir })
          : t("jobs.deleteDialog.body", { dir: job.dir })}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={withData}
          onChange={(event) => {
            setWithData(event.target.checked);
          }}
          data-testid="delete-with-data"
        />
        {t("jobs.deleteDialog.withData", { size: written })}
      </label>
    </ConfirmDialog>
  );
}
