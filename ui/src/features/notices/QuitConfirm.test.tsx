import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { installMockBackend } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { QuitConfirm } from "./QuitConfirm";

describe("quitting while jobs run", () => {
  it("asks, and keeps running when told to", async () => {
    const mock = installMockBackend({ quit_app: () => null });
    const { user } = renderInApp(<QuitConfirm />);
    expect(screen.queryByTestId("quit-dialog")).toBeNull();
    await waitFor(async () => {
      await mock.emit("app://confirm-quit", { running: 2 });
      expect(screen.getByTestId("quit-dialog")).toBeInTheDocument();
    });
    expect(screen.getByTestId("quit-dialog")).toHaveTextContent("2 jobs are running.");
    expect(screen.getByTestId("quit-dialog")).toHaveTextContent(
      "go on from there when you start the app again",
    );
    await user.click(screen.getByTestId("dialog-cancel"));
    expect(screen.queryByTestId("quit-dialog")).toBeNull();
    expect(mock.callsTo("quit_app")).toEqual([]);
  });

  it("quits when confirmed", async () => {
    const mock = installMockBackend({ quit_app: () => null });
    const { user } = renderInApp(<QuitConfirm />);
    await waitFor(async () => {
      await mock.emit("app://confirm-quit", { running: 1 });
      expect(screen.getByTestId("quit-dialog")).toHaveTextContent("1 job is running.");
    });
    await user.click(screen.getByTestId("dialog-confirm"));
    await waitFor(() => {
      expect(mock.callsTo("quit_app")).toEqual([{}]);
    });
  });
});
