import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { App } from "./App";
import { fixtures } from "./platform/testing/fixtures";
import { installMockBackend } from "./platform/testing/mockBackend";

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
