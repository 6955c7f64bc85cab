import type { ReactNode } from "react";

import { t } from "../text";
import { Modal } from "./Modal";

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** Marks the confirm button as destructive. */
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}

/** Asks before something that cannot be undone. The confirm button comes last, so focus never starts on it. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  danger = false,
  busy = false,
  onConfirm,
  onCancel,
  testId,
}: ConfirmDialogProps) {
  return (
    <Modal
      title={title}
      onClose={onCancel}
      {...(testId === undefined ? {} : { testId })}
      actions={
        <>
          <button type="button" onClick={onCancel} data-testid="dialog-cancel">
            {cancelLabel ?? t("common.cancel")}
          </button>
          <button
            type="button"
            className={danger ? "danger" : "primary"}
            onClick={onConfirm}
            disabled={busy}
            data-testid="dialog-confirm"
          >
            {busy ? t("common.working") : confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Modal>
  );
}
