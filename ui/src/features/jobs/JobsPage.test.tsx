import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { JobStatus, RepairReport } from "../../bindings";
import { fixtures } from "../../platform/testing/fixtures";
import { installMockBackend, rejectWith, type Handlers } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { JobsPage } from "./JobsPage";

const running = fixtures.job({ id: 1, name: "Disk one", dir: "/mnt/one", total_labels: 1_000_000 });
const queued = fixtures.job({
  id: 2,
  name: "Disk two",
  dir: "/mnt/two",
  state: { state: "queued" },
  started: null,
});

function backend(jobs: JobStatus[], overrides: Handlers = {}) {
  return installMockBackend({ list_jobs: () => jobs, ...overrides });
}

async function renderDashboard() {
  const onNewJob = vi.fn();
  const rendered = renderInApp(<JobsPage onNewJob={onNewJob} />);
  await screen.findAllByTestId("job-card");
  return { ...rendered, onNewJob };
}

function card(id: number): HTMLElement {
  const found = screen.getAllByTestId("job-card").find((element) => element.dataset.jobId === String(id));
  if (!found) throw new Error(`no card for job ${id}`);
  return found;
}

describe("jobs dashboard", () => {
  it("invites the first job when there is none", async () => {
    backend([]);
    const onNewJob = vi.fn();
    const { user } = renderInApp(<JobsPage onNewJob={onNewJob} />);
    await user.click(await screen.findByTestId("jobs-empty-new-job"));
    expect(onNewJob).toHaveBeenCalledTimes(1);
  });

  it("adds an existing data folder from the empty dashboard and lists it", async () => {
    const found = fixtures.inState(
      fixtures.job({ id: 7, name: "old-disk", dir: "/mnt/old-disk", total_labels: 5000 }),
      { state: "completed" },
      { labels_done: 5000 },
    );
    const mock = backend([], { add_existing_folder: () => found });
    const { user } = renderInApp(<JobsPage onNewJob={vi.fn()} />);
    await user.click(await screen.findByTestId("jobs-add-folder"));
    const dialog = screen.getByTestId("folder-dialog");
    expect(within(dialog).getByTestId("dialog-confirm")).toBeDisabled();
    await user.type(within(dialog).getByTestId("folder-dialog-input"), "/mnt/old-disk");
    await user.click(within(dialog).getByTestId("dialog-confirm"));
    await screen.findByTestId("job-card");
    expect(within(card(7)).getByTestId("job-state")).toHaveTextContent("Completed");
    expect(screen.queryByTestId("folder-dialog")).toBeNull();
    expect(mock.callsTo("add_existing_folder")).toEqual([{ path: "/mnt/old-disk" }]);
  });

  it("says why a folder cannot be added, and keeps the dialog open", async () => {
    backend([running], {
      add_existing_folder: () =>
        rejectWith("folder_contents", "/mnt/photos holds no PoS data: pos-meta.json is missing"),
    });
    const { user } = await renderDashboard();
    await user.click(screen.getByTestId("jobs-add-folder"));
    await user.type(screen.getByTestId("folder-dialog-input"), "/mnt/photos");
    await user.click(screen.getByTestId("dialog-confirm"));
    const error = await screen.findByTestId("folder-dialog-error");
    expect(error).toHaveTextContent("Could not add the folder.");
    expect(error).toHaveTextContent("pos-meta.json is missing");
    expect(screen.getAllByTestId("job-card")).toHaveLength(1);
  });

  it("shows one card per job in queue order, with processor names", async () => {
    backend([running, queued], {
      list_providers: () => fixtures.providersView({ providers: [fixtures.cpu({ model: "Ryzen 9 7950X" })] }),
    });
    await renderDashboard();
    expect(screen.getAllByTestId("job-card").map((element) => element.dataset.jobId)).toEqual(["1", "2"]);
    expect(within(card(1)).getByTestId("job-state")).toHaveTextContent("Running");
    expect(within(card(2)).getByTestId("job-state")).toHaveTextContent("Waiting");
    await waitFor(() => {
      expect(within(card(1)).getByTestId("job-providers")).toHaveTextContent("Ryzen 9 7950X");
    });
  });

  it("updates percent, speed and time left from progress events", async () => {
    const mock = backend([running]);
    await renderDashboard();
    expect(within(card(1)).getByTestId("job-percent")).toHaveTextContent("0.0%");

    await act(() =>
      mock.emit("jobs://progress", {
        id: 1,
        labels_done: 425_000,
        total_labels: 1_000_000,
        labels_per_sec: 2 ** 20,
        eta_secs: 2 * 3600 + 5 * 60,
        processor_speeds: [{ processor: "cpu", labels_per_sec: 2 ** 20 }],
      }),
    );
    expect(within(card(1)).getByTestId("job-percent")).toHaveTextContent("42.5%");
    expect(within(card(1)).getByTestId("job-labels")).toHaveTextContent("425,000 of 1,000,000 labels");
    expect(within(card(1)).getByTestId("job-speed")).toHaveTextContent("1.0 million labels/s · 1 MiB/s");
    expect(within(card(1)).getByTestId("job-eta")).toHaveTextContent("About 2 h 5 min left");
    expect(within(card(1)).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "42");
    expect(screen.getByTestId("throughput-chart")).toHaveTextContent("Now 1.0 million labels/s");
  });

  it("changes the state badge from changed events, with what to do after a failure", async () => {
    const mock = backend([running]);
    await renderDashboard();
    await act(() =>
      mock.emit("jobs://changed", {
        job: fixtures.inState(running, {
          state: "failed",
          kind: "disk_full",
          message: "No space left on /mnt/one.",
        }),
      }),
    );
    const badge = within(card(1)).getByTestId("job-state");
    expect(badge).toHaveTextContent("Failed");
    expect(badge).toHaveAttribute("data-state", "failed");
    const failure = within(card(1)).getByTestId("job-failure");
    expect(failure).toHaveTextContent("No space left on /mnt/one.");
    expect(failure).toHaveTextContent("free some space, then Resume");
    expect(within(card(1)).getByTestId("job-resume")).toBeInTheDocument();
    expect(within(card(1)).queryByTestId("job-pause")).not.toBeInTheDocument();
  });

  it("shows exactly the buttons the engine allows, not ones derived from the state", async () => {
    const onlyDelete = {
      pause: false,
      resume: false,
      abort: false,
      delete: true,
      verify: false,
      reorder: false,
      pause_after_file: false,
      find_folder: false,
    };
    backend([fixtures.job({ ...running, actions: onlyDelete })]);
    await renderDashboard();
    expect(within(card(1)).getByTestId("job-delete")).toBeInTheDocument();
    for (const hidden of [
      "job-pause",
      "job-pause-after-file",
      "job-resume",
      "job-abort",
      "job-verify",
      "job-move-up",
    ]) {
      expect(within(card(1)).queryByTestId(hidden)).not.toBeInTheDocument();
    }
  });

  it("pauses after the current file when asked, and says so meanwhile", async () => {
    const pausing = {
      ...running,
      waiting_for: "it pauses once the files being written now are complete",
      actions: { ...running.actions, pause_after_file: false },
    };
    const mock = backend([running], { pause_job_after_file: () => pausing });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-pause-after-file"));
    expect(await within(card(1)).findByTestId("job-pausing-after-file")).toHaveTextContent(
      "Running: it pauses once the files being written now are complete.",
    );
    expect(within(card(1)).queryByTestId("job-pause-after-file")).toBeNull();
    expect(within(card(1)).getByTestId("job-pause")).toBeEnabled();
    expect(mock.callsTo("pause_job_after_file")).toEqual([{ id: 1 }]);
  });

  it("points a job whose folder was not found at its new place", async () => {
    const lost = fixtures.inState(
      running,
      { state: "paused" },
      { labels_done: 500, waiting_for: "the folder /mnt/one is not there any more" },
    );
    lost.actions.find_folder = true;
    const found = fixtures.inState(running, { state: "queued" }, { dir: "/mnt/e/one", labels_done: 500 });
    const mock = backend([lost], { relocate_job: () => found });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-find-folder"));
    const dialog = screen.getByTestId("folder-dialog");
    expect(dialog).toHaveTextContent("It was in /mnt/one.");
    await user.type(within(dialog).getByTestId("folder-dialog-input"), "/mnt/e/one");
    await user.click(within(dialog).getByTestId("dialog-confirm"));
    await waitFor(() => {
      expect(screen.queryByTestId("folder-dialog")).toBeNull();
    });
    expect(within(card(1)).getByText("/mnt/e/one")).toBeInTheDocument();
    expect(within(card(1)).queryByTestId("job-find-folder")).toBeNull();
    expect(mock.callsTo("relocate_job")).toEqual([{ id: 1, path: "/mnt/e/one" }]);
  });

  it("shows the processors taken off a job and why a waiting job waits", async () => {
    const reason = "gpu-post computes wrong labels at N = 8192 on NVIDIA H100";
    backend(
      [
        fixtures.job({ ...running, processors_off: [{ processor: "cuda:0", reason }] }),
        fixtures.inState(
          queued,
          { state: "queued" },
          {
            waiting_for: "its processors are switched off (cuda:0); switch one on under Processors",
          },
        ),
      ],
      { list_providers: () => fixtures.providersView({ providers: [fixtures.cpu(), fixtures.gpu()] }) },
    );
    await renderDashboard();
    await waitFor(() => {
      expect(within(card(1)).getByTestId("job-processor-off")).toHaveTextContent(`NVIDIA H100: ${reason}`);
    });
    expect(within(card(1)).getByTestId("job-processors-off")).toHaveTextContent("it goes on with the others");
    expect(within(card(2)).getByTestId("job-waiting-for")).toHaveTextContent(
      "Waiting: its processors are switched off (cuda:0)",
    );
    expect(within(card(1)).queryByTestId("job-waiting-for")).not.toBeInTheDocument();
  });

  it("counts the processors taken off a job and names its processors in the plural", async () => {
    backend([
      fixtures.job({
        ...running,
        providers: ["cpu", "cuda:0"],
        processors_off: [
          { processor: "cuda:0", reason: "wrong labels" },
          { processor: "cuda:1", reason: "the driver stopped" },
        ],
      }),
    ]);
    await renderDashboard();
    expect(within(card(1)).getByTestId("job-processors-off")).toHaveTextContent(
      "2 processors were taken off this job; it goes on with the others.",
    );
    expect(within(card(1)).getByText("Processors")).toBeInTheDocument();
    expect(within(card(1)).queryByText("Processor")).toBeNull();
  });

  it("says which pause rule holds a waiting job", async () => {
    backend([
      fixtures.inState(
        queued,
        { state: "queued" },
        { waiting_for: "paused: on battery; jobs go on when the computer is plugged in" },
      ),
    ]);
    await renderDashboard();
    await waitFor(() => {
      expect(within(card(2)).getByTestId("job-waiting-for")).toHaveTextContent(
        "Paused: on battery; jobs go on when the computer is plugged in.",
      );
    });
    expect(within(card(2)).getByText("Goes on when the pause rule allows")).toBeInTheDocument();
  });

  it("says to free space and Resume when a command fails for a full disk", async () => {
    const paused = fixtures.inState(running, { state: "paused" });
    backend([paused], { resume_job: () => rejectWith("disk_full", "No space left on /mnt/one.") });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-resume"));
    const error = await within(card(1)).findByTestId("job-error");
    expect(error).toHaveAttribute("data-code", "disk_full");
    expect(within(error).getByTestId("error-code-hint")).toHaveTextContent(
      "Free some space on it, then Resume",
    );
  });

  it("adds, removes and reorders cards from events", async () => {
    const mock = backend([running]);
    await renderDashboard();
    await act(() => mock.emit("jobs://added", { job: queued }));
    expect(screen.getAllByTestId("job-card")).toHaveLength(2);
    await act(() => mock.emit("jobs://reordered", { order: [2, 1] }));
    expect(screen.getAllByTestId("job-card").map((element) => element.dataset.jobId)).toEqual(["2", "1"]);
    await act(() => mock.emit("jobs://removed", { id: 2 }));
    expect(screen.getAllByTestId("job-card").map((element) => element.dataset.jobId)).toEqual(["1"]);
    await act(() => mock.emit("jobs://removed", { id: 1 }));
    expect(screen.getByTestId("jobs-empty")).toBeInTheDocument();
  });

  it("shows the message of a command that failed", async () => {
    backend([running], {
      pause_job: () => rejectWith("invalid_state", "Job 1 cannot be paused: it is completed."),
    });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-pause"));
    const error = await within(card(1)).findByTestId("job-error");
    expect(error).toHaveTextContent("Could not pause the job.");
    expect(error).toHaveTextContent("Job 1 cannot be paused: it is completed.");
    expect(within(card(1)).getByTestId("job-state")).toHaveTextContent("Running");
  });

  it("pauses a job and shows the state the command returned", async () => {
    const mock = backend([running], {
      pause_job: ({ id }) => fixtures.inState(running, { state: "paused" }, { id }),
    });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-pause"));
    await waitFor(() => {
      expect(within(card(1)).getByTestId("job-state")).toHaveTextContent("Paused");
    });
    expect(mock.callsTo("pause_job")).toEqual([{ id: 1 }]);
  });

  it("asks before deleting, and deletes the data only when asked to", async () => {
    const done = fixtures.inState(running, { state: "completed" }, { labels_done: 1_000_000 });
    const mock = backend([done], { delete_job: () => null });
    const { user } = await renderDashboard();

    await user.click(within(card(1)).getByTestId("job-delete"));
    expect(screen.getByTestId("delete-dialog")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("delete-dialog")).not.toBeInTheDocument();
    expect(mock.callsTo("delete_job")).toEqual([]);

    await user.click(within(card(1)).getByTestId("job-delete"));
    await user.click(screen.getByTestId("delete-with-data"));
    await user.click(screen.getByTestId("dialog-confirm"));
    await waitFor(() => {
      expect(screen.getByTestId("jobs-empty")).toBeInTheDocument();
    });
    expect(mock.callsTo("delete_job")).toEqual([{ id: 1, withData: true }]);
  });

  it("asks before aborting", async () => {
    const mock = backend([running], {
      abort_job: ({ id }) => fixtures.inState(running, { state: "cancelled" }, { id }),
    });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-abort"));
    await user.click(screen.getByTestId("dialog-cancel"));
    expect(mock.callsTo("abort_job")).toEqual([]);
    await user.click(within(card(1)).getByTestId("job-abort"));
    await user.click(screen.getByTestId("dialog-confirm"));
    await waitFor(() => {
      expect(within(card(1)).getByTestId("job-state")).toHaveTextContent("Aborted");
    });
    expect(mock.callsTo("abort_job")).toEqual([{ id: 1 }]);
  });

  it("verifies a sample of the labels and shows the result", async () => {
    const done = fixtures.inState(running, { state: "completed" }, { labels_done: 1_000_000 });
    const mock = backend([done], {
      verify_job: () => ({
        labels_checked: 1000,
        labels_planned: 1000,
        mismatches: 2,
        first_mismatch: { file_index: 0, file_name: "postdata_0.bin", label_in_file: 17, position: 17 },
        files: [
          { file_name: "postdata_0.bin", labels_checked: 600, mismatches: 2 },
          { file_name: "postdata_1.bin", labels_checked: 400, mismatches: 0 },
        ],
        stopped: false,
      }),
    });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-verify"));
    const result = await within(card(1)).findByTestId("verify-result");
    expect(result).toHaveTextContent("Checked 1,000 of 1,000 sampled labels: 2 do not match.");
    expect(result).toHaveTextContent("label 17 of postdata_0.bin");
    expect(result).toHaveTextContent("postdata_0.bin: 2 of 600 checked labels wrong");
    expect(result).not.toHaveTextContent("postdata_1.bin");
    expect(mock.callsTo("verify_job")).toEqual([{ id: 1, fraction: 0.001 }]);
  });

  it("repairs damaged data with progress, and says what it repaired", async () => {
    const done = fixtures.inState(running, { state: "completed" }, { labels_done: 1_000_000 });
    let finish: (report: RepairReport) => void = () => undefined;
    const mock = backend([done], {
      verify_job: () => ({
        labels_checked: 1000,
        labels_planned: 1000,
        mismatches: 1,
        first_mismatch: { file_index: 1, file_name: "postdata_1.bin", label_in_file: 5, position: 605 },
        files: [{ file_name: "postdata_1.bin", labels_checked: 1000, mismatches: 1 }],
        stopped: false,
      }),
      repair_job: () =>
        new Promise<RepairReport>((resolve) => {
          finish = resolve;
        }),
    });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-verify"));
    await user.click(await within(card(1)).findByTestId("job-repair"));
    const panel = await within(card(1)).findByTestId("repair-running");
    expect(within(card(1)).getByTestId("job-delete")).toBeDisabled();
    await waitFor(() => {
      expect(mock.callsTo("repair_job")).toEqual([{ id: 1 }]);
    });
    await mock.emit("jobs://repair-progress", { id: 1, labels_checked: 250_000, labels_planned: 1_000_000 });
    await waitFor(() => {
      expect(panel).toHaveTextContent("Checked 250,000 of 1,000,000 labels.");
    });
    expect(within(panel).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25");
    finish({
      labels_checked: 1_000_000,
      labels_planned: 1_000_000,
      repaired: [
        { file_index: 1, file_name: "postdata_1.bin", first_label_in_file: 5, labels: 3 },
        { file_index: 2, file_name: "postdata_2.bin", first_label_in_file: 0, labels: 1 },
      ],
      labels_repaired: 4,
      stopped: false,
    });
    const result = await within(card(1)).findByTestId("repair-result");
    expect(result).toHaveTextContent(
      "Repaired 4 damaged labels in postdata_1.bin (3), postdata_2.bin (1). All 1,000,000 labels are right again.",
    );
    expect(within(card(1)).getByTestId("job-delete")).toBeEnabled();
  });

  it("stops a repair when asked", async () => {
    const done = fixtures.inState(running, { state: "completed" }, { labels_done: 1000 });
    let finish: (report: RepairReport) => void = () => undefined;
    const mock = backend([done], {
      verify_job: () => ({
        labels_checked: 10,
        labels_planned: 10,
        mismatches: 1,
        first_mismatch: null,
        files: [],
        stopped: false,
      }),
      repair_job: () =>
        new Promise<RepairReport>((resolve) => {
          finish = resolve;
        }),
      stop_repair: () => {
        finish({
          labels_checked: 400,
          labels_planned: 1000,
          repaired: [],
          labels_repaired: 0,
          stopped: true,
        });
        return null;
      },
    });
    const { user } = await renderDashboard();
    await user.click(within(card(1)).getByTestId("job-verify"));
    await user.click(await within(card(1)).findByTestId("job-repair"));
    await user.click(await within(card(1)).findByTestId("repair-stop"));
    const result = await within(card(1)).findByTestId("repair-result");
    expect(result).toHaveTextContent("Stopped after checking 400 of 1,000 labels");
    expect(mock.callsTo("stop_repair")).toEqual([{ id: 1 }]);
  });

  it("moves a waiting job earlier in the queue", async () => {
    const mock = backend([running, queued], { move_job: () => null });
    const { user } = await renderDashboard();
    expect(within(card(2)).getByTestId("job-move-down")).toBeDisabled();
    await user.click(within(card(2)).getByTestId("job-move-up"));
    await waitFor(() => {
      expect(screen.getAllByTestId("job-card").map((element) => element.dataset.jobId)).toEqual(["2", "1"]);
    });
    expect(mock.callsTo("move_job")).toEqual([{ id: 2, index: 0 }]);
  });

  it("says so when the jobs cannot be listed, and lists them on retry", async () => {
    let fail = true;
    backend([], {
      list_jobs: () => (fail ? rejectWith("internal", "The job list file is damaged.") : [running]),
    });
    const { user } = renderInApp(<JobsPage onNewJob={vi.fn()} />);
    expect(await screen.findByTestId("error")).toHaveTextContent("The job list file is damaged.");
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("job-card")).toBeInTheDocument();
  });
});
