// Accessibility of every page, wizard step and dialog: axe-core's WCAG 2.0/2.1 A and AA rules
// (colour contrast aside, see test/axe.ts) on the whole window as App renders it, with the mock
// backend. A failure lists each rule broken and the elements that break it.
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import indexHtml from "../index.html?raw";
import { App } from "./App";
import type { DoctorCheck, JobStatus } from "./bindings";
import { fixtures } from "./platform/testing/fixtures";
import { installMockBackend, rejectWith, type Handlers } from "./platform/testing/mockBackend";
import { axeViolations, describeViolations, expectNoAxeViolations } from "./test/axe";

const GIB = 2 ** 30;
const ID = "0123456789abcdef".repeat(4);

const running = fixtures.job({
  id: 1,
  name: "Disk one",
  dir: "/mnt/one",
  labels_done: 420_000,
  labels_per_sec: 120_000,
  eta_secs: 600,
  providers: ["cpu", "cuda:0"],
  processors_off: [{ processor: "cuda:0", reason: "the card stopped answering" }],
});
const paused = fixtures.inState(
  fixtures.job({ id: 2, name: "Disk two", dir: "/mnt/two" }),
  { state: "paused" },
  { labels_done: 10_000 },
);
const failed = fixtures.inState(
  fixtures.job({ id: 3, name: "Disk three", dir: "/mnt/three" }),
  { state: "failed", kind: "disk_full", message: "No space left on /mnt/three." },
  { labels_done: 50_000 },
);
const completed = fixtures.inState(
  fixtures.job({ id: 4, name: "Disk four", dir: "/mnt/four", pow_solution: 1234 }),
  { state: "completed" },
  { labels_done: 1_000_000, finished: 1_700_003_600 },
);
const waiting = fixtures.inState(
  fixtures.job({ id: 5, name: "Disk five", dir: "/mnt/five", started: null }),
  { state: "queued" },
  { waiting_for: "paused: on battery; jobs go on when the computer is plugged in" },
);
const lost = {
  ...fixtures.inState(
    fixtures.job({ id: 6, name: "Disk six", dir: "/mnt/six" }),
    { state: "paused" },
    { labels_done: 500, waiting_for: "the folder /mnt/six is not there any more" },
  ),
};
lost.actions = { ...lost.actions, find_folder: true };
const cancelled = fixtures.inState(fixtures.job({ id: 7, name: "Disk seven", dir: "/mnt/seven" }), {
  state: "cancelled",
});
const everyState: JobStatus[] = [running, paused, failed, completed, waiting, lost, cancelled];

const doctorChecks: DoctorCheck[] = [
  {
    id: "opencl",
    title: "OpenCL",
    status: "warning",
    summary: "No OpenCL library.",
    fix: "Install a driver.",
  },
  {
    id: "folder",
    title: "Data folder",
    status: "problem",
    summary: "1.0 GiB free.",
    fix: "Free some space.",
  },
  { id: "sleep", title: "Sleep", status: "ok", summary: "The computer is kept awake.", fix: null },
  { id: "rules", title: "Pause rules", status: "info", summary: "Jobs pause on battery.", fix: null },
];

/** A computer with a CPU and a GPU, the GPU library loaded, and `overrides`. */
function backend(overrides: Handlers = {}) {
  return installMockBackend({
    list_providers: () =>
      fixtures.providersView({
        providers: [fixtures.cpu(), fixtures.gpu()],
        gpu_library: { status: "loaded", path: "/opt/libgpu-post.so", devices: 1 },
      }),
    run_doctor: () => doctorChecks,
    ...overrides,
  });
}

function renderApp(): UserEvent {
  const user = userEvent.setup();
  render(<App />);
  return user;
}

function card(id: number): HTMLElement {
  const found = screen.getAllByTestId("job-card").find((element) => element.dataset.jobId === String(id));
  if (!found) throw new Error(`no card for job ${id}`);
  return found;
}

async function next(user: UserEvent) {
  await user.click(screen.getByTestId("wizard-next"));
}

/** The window's language and title come from index.html, which jsdom's blank document lacks. */
function useIndexHtmlShell() {
  const page = new DOMParser().parseFromString(indexHtml, "text/html");
  document.documentElement.lang = page.documentElement.lang;
  document.title = page.title;
}

// Each axe run takes a few hundred milliseconds, and the wizard's test runs ten of them.
describe("accessibility (axe, WCAG 2.1 A and AA)", { timeout: 30_000 }, () => {
  beforeEach(useIndexHtmlShell);

  it("reports a real violation, so a clean result means something", async () => {
    const broken = document.createElement("main");
    broken.innerHTML =
      '<h1>Broken</h1><h3>Skips a level</h3><button type="button"></button><img src="x.png">';
    document.body.append(broken);
    try {
      const violations = await axeViolations();
      expect(violations.map((violation) => violation.id).sort()).toEqual([
        "button-name",
        "heading-order",
        "image-alt",
      ]);
      expect(describeViolations(violations)).toContain("Buttons must have discernible text");
    } finally {
      broken.remove();
    }
  });

  it("the empty dashboard", async () => {
    backend();
    renderApp();
    await screen.findByTestId("jobs-empty");
    await expectNoAxeViolations("the empty dashboard");
  });

  it("the dashboard with running, paused, failed, completed, waiting, lost and aborted jobs", async () => {
    const mock = backend({ list_jobs: () => everyState });
    renderApp();
    await screen.findAllByTestId("job-card");
    await act(() =>
      mock.emit("jobs://progress", {
        id: 1,
        labels_done: 425_000,
        total_labels: 1_000_000,
        labels_per_sec: 2 ** 20,
        eta_secs: 600,
        processor_speeds: [{ processor: "cpu", labels_per_sec: 2 ** 20 }],
      }),
    );
    await waitFor(() => {
      expect(within(card(1)).getByTestId("job-processor-off")).toHaveTextContent("NVIDIA H100");
    });
    expect(screen.getByTestId("throughput-chart")).toHaveTextContent("Now 1.0 million labels/s");
    await expectNoAxeViolations("the dashboard with jobs in every state");
  });

  it("a verify result with damaged labels, and a repair in progress", async () => {
    backend({
      list_jobs: () => [completed, paused],
      verify_job: () => ({
        labels_checked: 1000,
        labels_planned: 1000,
        mismatches: 2,
        first_mismatch: { file_index: 0, file_name: "postdata_0.bin", label_in_file: 17, position: 17 },
        files: [{ file_name: "postdata_0.bin", labels_checked: 600, mismatches: 2 }],
        stopped: false,
      }),
      repair_job: () => new Promise(() => undefined),
      resume_job: () => rejectWith("io", "read failed: I/O error"),
    });
    const user = renderApp();
    await screen.findAllByTestId("job-card");
    await user.click(within(card(4)).getByTestId("job-verify"));
    await within(card(4)).findByTestId("verify-result");
    await user.click(within(card(2)).getByTestId("job-resume"));
    await within(card(2)).findByTestId("job-error");
    await expectNoAxeViolations("a verify result and a command's error");

    await user.click(within(card(4)).getByTestId("job-repair"));
    await within(card(4)).findByTestId("repair-running");
    await expectNoAxeViolations("a repair in progress");
  });

  it("the delete, abort, find-folder and add-folder dialogs", async () => {
    backend({ list_jobs: () => [running, completed, lost] });
    const user = renderApp();
    await screen.findAllByTestId("job-card");
    await user.click(within(card(4)).getByTestId("job-delete"));
    await user.click(screen.getByTestId("delete-with-data"));
    expect(screen.getByRole("dialog", { name: "Delete the job “Disk four”?" })).toBeInTheDocument();
    await expectNoAxeViolations("the delete dialog");
    await user.keyboard("{Escape}");

    await user.click(within(card(1)).getByTestId("job-abort"));
    expect(screen.getByTestId("abort-dialog")).toBeInTheDocument();
    await expectNoAxeViolations("the abort dialog");
    await user.keyboard("{Escape}");

    await user.click(within(card(6)).getByTestId("job-find-folder"));
    expect(screen.getByTestId("folder-dialog")).toBeInTheDocument();
    await expectNoAxeViolations("the find-folder dialog");
    await user.keyboard("{Escape}");

    await user.click(screen.getByTestId("jobs-add-folder"));
    expect(screen.getByTestId("folder-dialog")).toBeInTheDocument();
    await expectNoAxeViolations("the add-folder dialog");
  });

  it("the quit confirmation, with its error", async () => {
    const mock = backend({ quit_app: () => rejectWith("internal", "the engine did not stop") });
    const user = renderApp();
    await screen.findByTestId("jobs-empty");
    await waitFor(async () => {
      await mock.emit("app://confirm-quit", { running: 2 });
      expect(screen.getByTestId("quit-dialog")).toBeInTheDocument();
    });
    await expectNoAxeViolations("the quit dialog");
    await user.click(screen.getByTestId("dialog-confirm"));
    await within(screen.getByTestId("quit-dialog")).findByRole("alert");
    await expectNoAxeViolations("the quit dialog with an error");
  });

  it("app notices and a dashboard that could not load", async () => {
    const mock = backend({
      list_jobs: () => rejectWith("job_list", "jobs.json is damaged"),
      startup_notices: () => ["The job list could not be read, so the app started with an empty list."],
    });
    renderApp();
    await screen.findByTestId("app-notice-startup");
    await act(() => mock.emit("jobs://not-saved", { message: "No space left on device" }));
    await screen.findByText("Could not load your jobs.");
    await expectNoAxeViolations("app notices and a failed job list");
  });

  it("every step of the setup wizard, with its messages", async () => {
    backend({
      folder_info: ({ path }) =>
        fixtures.folderInfo({ path, file_system: "vfat", max_file_bytes: 4 * GIB - 1, removable: true }),
      add_job: () => rejectWith("disk_full", "Not enough free space in /media/usb/pos."),
    });
    const user = renderApp();
    await user.click(await screen.findByTestId("nav-new-job"));
    await screen.findByTestId("wizard-step-folder");
    await next(user);
    expect(screen.getByTestId("folder-error")).toBeInTheDocument();
    await expectNoAxeViolations("the folder step with its error");
    await user.type(screen.getByTestId("folder-input"), "/media/usb/pos");
    await screen.findByTestId("folder-file-limit");
    await expectNoAxeViolations("the folder step with a checked folder");

    await next(user);
    const size = await screen.findByTestId("size-input");
    await user.clear(size);
    await user.type(size, "150");
    expect(screen.getByTestId("size-error")).toBeInTheDocument();
    await expectNoAxeViolations("the size step with its error");
    await user.clear(size);
    await user.type(size, "99");
    await screen.findByTestId("size-warning");
    await expectNoAxeViolations("the size step with a warning and an estimate");

    await user.clear(size);
    await user.click(screen.getByTestId("size-share-50"));
    await next(user);
    await screen.findByTestId("wizard-step-processor");
    await waitFor(() => {
      expect(screen.getByTestId("processor-estimate")).toHaveTextContent("Estimated time");
    });
    await expectNoAxeViolations("the processor step");

    await next(user);
    await screen.findByTestId("wizard-step-identity");
    await user.type(screen.getByTestId("identity-id-input"), "12g");
    await user.click(within(screen.getByTestId("identity-advanced")).getByText(/^Advanced/));
    await user.type(screen.getByTestId("identity-difficulty-input"), "00ff");
    expect(screen.getByTestId("identity-difficulty-error")).toBeInTheDocument();
    await expectNoAxeViolations("the identity step, advanced part open, with errors");

    await user.clear(screen.getByTestId("identity-id-input"));
    await user.click(screen.getByTestId("identity-id-input"));
    await user.paste(ID);
    await user.clear(screen.getByTestId("identity-difficulty-input"));
    await next(user);
    await screen.findByTestId("wizard-step-summary");
    await expectNoAxeViolations("the summary");
    await user.click(screen.getByTestId("wizard-start"));
    await screen.findByTestId("wizard-error");
    await expectNoAxeViolations("the summary with add_job's error");
  });

  it("the processors page, with a processor taken off a job", async () => {
    backend({
      list_jobs: () => [running],
      list_providers: () =>
        fixtures.providersView({
          providers: [fixtures.cpu(), fixtures.gpu()],
          gpu_library: { status: "unavailable", reason: "libgpu-post.so was not found" },
          opencl: { status: "found", platforms: 1, devices: 1 },
        }),
    });
    const user = renderApp();
    await user.click(await screen.findByTestId("nav-processors"));
    await screen.findAllByTestId("provider-row");
    await screen.findByTestId("provider-taken-off");
    await expectNoAxeViolations("the processors page");
  });

  it("the settings page with every optional field shown, and its errors", async () => {
    backend({ get_settings: () => fixtures.settings({ pause_while_in_use: true, hours_only: true }) });
    const user = renderApp();
    await user.click(await screen.findByTestId("nav-settings"));
    await screen.findByTestId("settings-form");
    await expectNoAxeViolations("the settings page");
    await user.clear(screen.getByTestId("settings-default-n"));
    await user.type(screen.getByTestId("settings-default-n"), "500");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByText(/Some values need fixing/)).toBeInTheDocument();
    await expectNoAxeViolations("the settings page with errors");
  });

  it("the doctor page with a check of each status", async () => {
    backend();
    const user = renderApp();
    await user.click(await screen.findByTestId("nav-doctor"));
    await screen.findAllByTestId("doctor-check");
    await expectNoAxeViolations("the doctor page");
  });

  it("the about page", async () => {
    backend();
    const user = renderApp();
    await user.click(await screen.findByTestId("nav-about"));
    await screen.findByTestId("about-version");
    await expectNoAxeViolations("the about page");
  });
});
