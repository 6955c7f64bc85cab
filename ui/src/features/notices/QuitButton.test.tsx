import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { installMockBackend, rejectWith } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { QuitButton } from "./QuitButton";

describe("the window's Quit", () => {
  it("sends the same quit request as the tray, which asks first while jobs run", async () => {
    const mock = installMockBackend();
    const { user } = renderInApp(<QuitButton />);
    await user.click(screen.getByTestId("nav-quit"));
    await waitFor(() => {
      expect(mock.callsTo("request_quit")).toEqual([{}]);
    });
    // Quitting itself is the backend's answer (`quit_app` after the question), never the button's.
    expect(mock.callsTo("quit_app")).toEqual([]);
  });

  it("says so when the request fails", async () => {
    installMockBackend({ request_quit: () => rejectWith("internal", "the window is gone") });
    const { user } = renderInApp(<QuitButton />);
    await user.click(screen.getByTestId("nav-quit"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not quit.");
    expect(screen.getByRole("alert")).toHaveTextContent("the window is gone");
  });
});
