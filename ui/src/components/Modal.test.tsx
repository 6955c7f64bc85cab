import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { ConfirmDialog } from "./ConfirmDialog";

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
        }}
      >
        Open
      </button>
      {open && (
        <ConfirmDialog
          title="Abort?"
          confirmLabel="Abort job"
          onConfirm={() => undefined}
          onCancel={() => {
            setOpen(false);
          }}
        >
          <p>Really?</p>
        </ConfirmDialog>
      )}
    </>
  );
}

describe("modal dialog", () => {
  it("keeps focus inside, closes on Esc even after a click outside, and gives focus back", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const opener = screen.getByRole("button", { name: "Open" });
    await user.click(opener);
    const dialog = screen.getByRole("dialog", { name: "Abort?" });
    expect(screen.getByTestId("dialog-cancel")).toHaveFocus();

    await user.tab();
    expect(screen.getByTestId("dialog-confirm")).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId("dialog-cancel")).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByTestId("dialog-confirm")).toHaveFocus();

    await user.click(document.body);
    await user.keyboard("{Escape}");
    expect(dialog).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });
});
