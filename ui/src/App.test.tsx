import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { App } from "./App";
import { fixtures } from "./platform/testing/fixtures";
import { installMockBackend, rejectWith } from "./platform/testing/mockBackend";

describe("app", () => {
  it("opens on the dashboard and reaches every page from the sidebar", async () => {
    installMockBackend();
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId("jobs-empty")).toBeInTheDocument();
    expect(screen.getByTestId("nav-jobs")).toHaveAttribute("aria-current", "page");

    await user.click(screen.getByTestId("jobs-empty-new-job"));
    expect(await screen.findByTestId("wizard-step-folder")).toBeInTheDocument();
    expect(screen.getByTestId("nav-new-job")).toHaveAttribute("aria-current", "page");

    await user.click(screen.getByTestId("nav-processors"));
    expect(await screen.findByRole("heading", { name: "Processors" })).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-settings"));
    expect(await screen.findByTestId("settings-form")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-about"));
    expect(await screen.findByTestId("about-version")).toBeInTheDocument();
  });

  it("counts running jobs beside Jobs in the sidebar", async () => {
    installMockBackend({ list_jobs: () => [fixtures.job({ id: 1 }), fixtures.job({ id: 2 })] });
    render(<App />);
    expect(await within(screen.getByTestId("nav-jobs")).findByLabelText("2 running")).toBeInTheDocument();
  });

  it("says what went wrong at start, and when the job list could not be saved", async () => {
    const mock = installMockBackend({
      startup_notices: () => [
        "The job list could not be read (newer version), so the app started with an empty list.",
      ],
    });
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId("app-notice-startup")).toHaveTextContent(
      "The job list could not be read (newer version)",
    );
    await act(() =>
      mock.emit("jobs://not-saved", { message: "cannot save jobs.json: No space left on device" }),
    );
    const notSaved = screen.getByTestId("app-notice-not-saved");
    expect(notSaved).toHaveTextContent("The job list could not be saved.");
    expect(notSaved).toHaveTextContent("No space left on device");
    await user.click(within(notSaved).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("app-notice-not-saved")).not.toBeInTheDocument();
    expect(screen.getByTestId("app-notice-startup")).toBeInTheDocument();
  });

  it("points at the Processors page when a processor is unavailable", async () => {
    const queued = fixtures.job({ id: 1, state: { state: "queued" }, started: null });
    installMockBackend({
      list_jobs: () => [queued],
      pause_job: () => rejectWith("processor_unavailable", "cuda:0 is switched off."),
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("job-pause"));
    expect(await screen.findByTestId("error-code-hint")).toHaveTextContent("See the Processors page.");
    await user.click(screen.getByTestId("go-to-processors"));
    expect(await screen.findByRole("heading", { name: "Processors" })).toBeInTheDocument();
  });

  it("works from the keyboard: Tab reaches the sidebar and Enter follows it", async () => {
    installMockBackend();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("jobs-empty");
    await user.tab();
    expect(screen.getByTestId("nav-jobs")).toHaveFocus();
    await user.tab();
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("wizard-step-folder")).toBeInTheDocument();
  });
});
