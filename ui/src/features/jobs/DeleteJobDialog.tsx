import { useState } from "react";

import type { JobStatus } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatBytes } from "../../lib/format";

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
      title={`Delete the job “${job.name}”?`}
      confirmLabel={withData ? "Delete job and data" : "Delete job"}
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
          ? "The job stops at its next checkpoint and leaves the list. "
          : "The job leaves the list. "}
        Its data files stay in {job.dir} unless you tick the box below.
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
        Also delete the data files ({written}). This cannot be undone.
      </label>
    </ConfirmDialog>
  );
}
