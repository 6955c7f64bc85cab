import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { installMockBackend } from "../platform/testing/mockBackend";
import { renderInApp } from "../test/render";
import { ErrorNotice } from "./ErrorNotice";

describe("error notice", () => {
  it("offers a support bundle for an error of the app or the system, and says where it went", async () => {
    const mock = installMockBackend({ save_support_bundle: () => "/home/ana/pos-desktop-support.zip" });
    const { user } = renderInApp(
      <ErrorNotice
        title="Could not verify the data."
        error={{ code: "io", message: "read failed: I/O error" }}
      />,
    );
    await user.click(screen.getByRole("button", { name: "Save a support bundle…" }));
    expect(await screen.findByTestId("error-support-bundle")).toHaveTextContent(
      "Saved to /home/ana/pos-desktop-support.zip.",
    );
    expect(mock.callsTo("save_support_bundle")).toEqual([{ path: null }]);
  });

  it("offers none for a mistake in what was typed", () => {
    installMockBackend();
    renderInApp(
      <ErrorNotice
        title="Could not start the job."
        error={{ code: "invalid_input", message: "the id is short" }}
      />,
    );
    expect(screen.queryByTestId("error-support-bundle")).toBeNull();
  });
});
