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
    expect(await screen.findByTestId("about-updates")).toHaveTextContent("Automatic updates are off");
  });

  it("says updates are off, and offers no check, in a build without an update key", async () => {
    const backend = installMockBackend();
    renderInApp(<AboutPage />);
    const line = await screen.findByTestId("about-updates");
    expect(line).toHaveAttribute("data-enabled", "false");
    expect(line).toHaveTextContent("no update signing key");
    expect(screen.queryByTestId("about-check-update")).not.toBeInTheDocument();
    expect(backend.callsTo("update_status")).toHaveLength(1);
  });

  it("offers Restart to update when a newer version exists and no job runs", async () => {
    const backend = installMockBackend({
      update_status: () =>
        fixtures.updateStatus({
          enabled: true,
          endpoint: "https://github.com/o/r/releases/latest/download/latest.json",
          message:
            "This app looks for new versions at https://github.com/o/r/releases/latest/download/latest.json",
        }),
      check_update: () => ({
        version: "0.2.0",
        notes: "Faster GPUs",
        can_restart: true,
        message: "Version 0.2.0 is available. Restart to update; your jobs and settings stay.",
      }),
      install_update: () => null,
    });
    const { user } = renderInApp(<AboutPage />);
    expect(await screen.findByTestId("about-updates")).toHaveTextContent("latest.json");
    expect(screen.queryByTestId("about-restart-to-update")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("about-check-update"));
    expect(await screen.findByTestId("about-update-check")).toHaveTextContent("Version 0.2.0 is available");
    expect(screen.getByText("Faster GPUs")).toBeInTheDocument();
    await user.click(screen.getByTestId("about-restart-to-update"));
    expect(backend.callsTo("install_update")).toHaveLength(1);
    expect(screen.getByTestId("about-restart-to-update")).toHaveTextContent("Updating…");
  });

  it("offers no restart while jobs run, and shows why an install was refused", async () => {
    installMockBackend({
      update_status: () => fixtures.updateStatus({ enabled: true, message: "Updates are on." }),
      check_update: () => ({
        version: "0.2.0",
        notes: null,
        can_restart: false,
        message:
          "Version 0.2.0 is available. 1 job is running: pause it or let it finish, then restart to update.",
      }),
    });
    const { user } = renderInApp(<AboutPage />);
    await user.click(await screen.findByTestId("about-check-update"));
    expect(await screen.findByTestId("about-update-check")).toHaveTextContent("1 job is running");
    expect(screen.queryByTestId("about-restart-to-update")).not.toBeInTheDocument();
  });

  it("shows a failed update check and keeps the button", async () => {
    installMockBackend({
      update_status: () => fixtures.updateStatus({ enabled: true, message: "Updates are on." }),
      check_update: () => rejectWith("io", "the update failed: error sending request"),
    });
    const { user } = renderInApp(<AboutPage />);
    await user.click(await screen.findByTestId("about-check-update"));
    expect(await screen.findByTestId("about-update-error")).toHaveTextContent("error sending request");
    expect(screen.getByTestId("about-check-update")).toBeEnabled();
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

  it("saves a support bundle where the person chose and says where", async () => {
    const backend = installMockBackend({ save_support_bundle: () => "/home/ana/pos-desktop-support.zip" });
    const { user } = renderInApp(<AboutPage />);
    await user.click(screen.getByTestId("about-save-bundle"));
    expect(await screen.findByTestId("about-bundle-saved")).toHaveTextContent(
      "Saved to /home/ana/pos-desktop-support.zip.",
    );
    expect(backend.callsTo("save_support_bundle")).toEqual([{ path: null }]);
  });

  it("says nothing when the save dialog is cancelled, and why a bundle could not be saved", async () => {
    let answer: () => Promise<string | null> = () => Promise.resolve(null);
    installMockBackend({ save_support_bundle: () => answer() });
    const { user } = renderInApp(<AboutPage />);
    await user.click(screen.getByTestId("about-save-bundle"));
    await screen.findByText("Save a support bundle…");
    expect(screen.queryByTestId("about-bundle-saved")).not.toBeInTheDocument();
    answer = () =>
      rejectWith("io", "cannot write the support bundle to /media/usb/b.zip: read-only file system");
    await user.click(screen.getByTestId("about-save-bundle"));
    expect(await screen.findByTestId("error")).toHaveTextContent("read-only file system");
  });

  it("says when the logs folder cannot be opened", async () => {
    installMockBackend({
      open_logs: () => rejectWith("io", "cannot open /home/ana/.local/share/pos/logs: no file manager"),
    });
    const { user } = renderInApp(<AboutPage />);
    await user.click(screen.getByTestId("about-open-logs"));
    expect(await screen.findByTestId("error")).toHaveTextContent("no file manager");
  });
});
