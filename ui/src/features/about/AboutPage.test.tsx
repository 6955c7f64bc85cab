import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { fixtures } from "../../platform/testing/fixtures";
import { installMockBackend, rejectWith } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { AboutPage } from "./AboutPage";

describe("about page", () => {
  it("shows the version, the system and its disks", async () => {
    installMockBackend({ system_info: () => fixtures.systemInfo({ app_version: "1.2.3" }) });
    renderInApp(<AboutPage />);
    expect(await screen.findByTestId("about-version")).toHaveTextContent("version 1.2.3");
    expect(screen.getByTestId("about-system")).toHaveTextContent("AMD EPYC 9R14, 2 cores");
    expect(screen.getByTestId("about-disks")).toHaveTextContent("100.0 GiB");
    expect(screen.getByTestId("about-updates")).toHaveTextContent("Automatic updates are off");
  });

  it("copies the diagnostics to the clipboard", async () => {
    installMockBackend({ diagnostics: () => "PoS Desktop 0.1.0\nLinux" });
    const { user } = renderInApp(<AboutPage />);
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    await user.click(screen.getByTestId("about-copy-diagnostics"));
    expect(await screen.findByTestId("about-copied")).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith("PoS Desktop 0.1.0\nLinux");
    await expect(navigator.clipboard.readText()).resolves.toBe("PoS Desktop 0.1.0\nLinux");
  });

  it("shows the text to copy by hand when the clipboard refuses it", async () => {
    installMockBackend({ diagnostics: () => "report text" });
    const { user } = renderInApp(<AboutPage />);
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"));
    await user.click(screen.getByTestId("about-copy-diagnostics"));
    expect(await screen.findByRole("textbox", { name: "Diagnostics" })).toHaveValue("report text");
  });

  it("says when the logs folder cannot be opened", async () => {
    installMockBackend({
      open_logs: () => rejectWith("open", "cannot open /home/ana/.local/share/pos/logs: no file manager"),
    });
    const { user } = renderInApp(<AboutPage />);
    await user.click(screen.getByTestId("about-open-logs"));
    expect(await screen.findByTestId("error")).toHaveTextContent("no file manager");
  });
});
