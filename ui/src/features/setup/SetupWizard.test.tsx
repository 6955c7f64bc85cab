import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { JobRequest } from "../../bindings";
import { fixtures } from "../../platform/testing/fixtures";
import { installMockBackend, rejectWith, type Handlers } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { NewJobPage } from "./NewJobPage";
import { DEFAULT_SALT } from "./wizardModel";

const GIB = 2 ** 30;
const ID = "0123456789abcdef".repeat(4);

/** A backend with a writable folder (100 GiB free), a CPU and a much faster GPU. */
function backend(overrides: Handlers = {}) {
  return installMockBackend({
    list_providers: () =>
      fixtures.providersView({
        providers: [fixtures.cpu(), fixtures.gpu()],
        gpu_library: { status: "loaded", path: "/opt/libgpu-setup.so", devices: 1 },
      }),
    folder_info: ({ path }) =>
      path.startsWith("/readonly")
        ? fixtures.folderInfo({ path, writable: false })
        : fixtures.folderInfo({ path, free_bytes: 100 * GIB, total_bytes: 500 * GIB }),
    add_job: ({ request }) =>
      fixtures.job({ id: 7, name: request.name, dir: request.dir, state: { state: "queued" } }),
    ...overrides,
  });
}

function renderWizard() {
  const onDone = vi.fn();
  const rendered = renderInApp(<NewJobPage onDone={onDone} />);
  return { ...rendered, onDone };
}

/** The element at `index`, failing the test when there is none. */
function nth(elements: HTMLElement[], index: number): HTMLElement {
  const element = elements[index];
  if (element === undefined) throw new Error(`no element ${String(index)} of ${String(elements.length)}`);
  return element;
}

async function next(user: UserEvent) {
  await user.click(screen.getByTestId("wizard-next"));
}

async function chooseFolder(user: UserEvent, path: string) {
  await user.type(await screen.findByTestId("folder-input"), path);
}

/** Folder and size filled in (50% of the free space); stops on the processor step. */
async function reachProcessorStep(user: UserEvent) {
  await chooseFolder(user, "/mnt/data/pos");
  await screen.findByText(/The app can write here/);
  await next(user);
  await user.click(await screen.findByTestId("size-share-50"));
  await next(user);
  await screen.findByTestId("wizard-step-processor");
}

async function reachIdentityStep(user: UserEvent) {
  await reachProcessorStep(user);
  // The fastest processor is chosen once both are measured.
  await waitFor(() => {
    expect(screen.getAllByTestId("provider-select").some((box) => (box as HTMLInputElement).checked)).toBe(
      true,
    );
  });
  await next(user);
  await screen.findByTestId("wizard-step-identity");
}

describe("setup wizard", () => {
  it("lists the disks and fills in the folder on the disk with the most room", async () => {
    backend({ list_disks: () => fixtures.diskChoices() });
    renderWizard();
    const input = await screen.findByTestId("folder-input");
    await waitFor(() => {
      expect(input).toHaveValue("/mnt/data/PoS");
    });
    const choices = screen.getAllByTestId("disk-choice");
    expect(choices.map((choice) => choice.getAttribute("data-mount"))).toEqual([
      "/mnt/data",
      "/",
      "/media/ana/USB",
    ]);
    expect(within(nth(choices, 0)).getByRole("radio")).toBeChecked();
    expect(choices[2]).toHaveTextContent(/20\.0 GiB free of 64\.0 GiB · FAT32 · removable/);
    expect(screen.getByRole("group", { name: "Disks on this computer" })).toBeInTheDocument();
    // The folder is checked like a typed one, so Next leads on without typing anything.
    await screen.findByText(/The app can write here/);
    expect(screen.getByTestId("wizard-next")).toBeEnabled();
  });

  it("choosing a disk puts the folder on it, and a typed folder shows its disk as chosen", async () => {
    backend({ list_disks: () => fixtures.diskChoices() });
    const { user } = renderWizard();
    const input = await screen.findByTestId("folder-input");
    await waitFor(() => {
      expect(input).toHaveValue("/mnt/data/PoS");
    });
    await user.click(nth(screen.getAllByTestId("disk-choice-input"), 1));
    expect(input).toHaveValue("/home/ana/PoS");
    await user.clear(input);
    await user.type(input, "/media/ana/USB/jobs");
    expect(within(nth(screen.getAllByTestId("disk-choice"), 2)).getByRole("radio")).toBeChecked();
  });

  it("never replaces a folder the person already typed, and works without a disk list", async () => {
    const pending: { answer?: (choices: ReturnType<typeof fixtures.diskChoices>) => void } = {};
    backend({ list_disks: () => new Promise((resolve) => (pending.answer = resolve)) });
    const { user } = renderWizard();
    await chooseFolder(user, "/srv/pos");
    await waitFor(() => {
      expect(pending.answer).toBeDefined();
    });
    pending.answer?.(fixtures.diskChoices());
    await screen.findByTestId("disk-list");
    expect(screen.getByTestId("folder-input")).toHaveValue("/srv/pos");
  });

  it("refuses a folder the app cannot write to", async () => {
    backend();
    const { user } = renderWizard();
    await chooseFolder(user, "/readonly/pos");
    expect(await screen.findByTestId("folder-error")).toHaveTextContent(/cannot write to this folder/);
    await next(user);
    expect(screen.getByTestId("wizard-step-folder")).toBeInTheDocument();
    expect(screen.queryByTestId("wizard-step-size")).not.toBeInTheDocument();
  });

  it("asks for a folder when Next is pressed with none", async () => {
    backend();
    const { user } = renderWizard();
    await screen.findByTestId("folder-input");
    expect(screen.queryByTestId("folder-error")).not.toBeInTheDocument();
    await next(user);
    expect(screen.getByTestId("folder-error")).toHaveTextContent(/Choose a folder for the data/);
  });

  it("refuses a size larger than the free space and warns before the disk is full", async () => {
    backend();
    const { user } = renderWizard();
    await chooseFolder(user, "/mnt/data/pos");
    await screen.findByText(/The app can write here/);
    await next(user);
    const size = await screen.findByTestId("size-input");
    expect(size).toHaveValue("50");
    await user.clear(size);
    await user.type(size, "150");
    expect(screen.getByTestId("size-error")).toHaveTextContent(
      /more than the free space in this folder \(100\.0 GiB\)/,
    );
    await next(user);
    expect(screen.getByTestId("wizard-step-size")).toBeInTheDocument();

    await user.clear(size);
    await user.type(size, "99");
    expect(screen.queryByTestId("size-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("size-warning")).toHaveTextContent(/leaves only 1\.0 GiB free/);
    expect(screen.getByTestId("size-labels")).toHaveTextContent("106,300,440,576 labels of 8 bits");
  });

  it("estimates the time on the size step already, with the finish as a clock time", async () => {
    backend();
    const { user } = renderWizard();
    await chooseFolder(user, "/mnt/data/pos");
    await screen.findByText(/The app can write here/);
    await next(user);
    await user.click(await screen.findByTestId("size-share-50"));
    await waitFor(() => {
      expect(screen.getByTestId("size-estimate")).toHaveTextContent(
        /^On NVIDIA H100: about 1 h 29 min, done around .*\d\d/,
      );
    });
  });

  it("measures the processors and chooses the fastest", async () => {
    const backendMock = backend();
    const { user } = renderWizard();
    await reachProcessorStep(user);
    const card = (id: string) =>
      screen.getAllByTestId("provider-card").find((c) => c.dataset.providerId === id);
    await waitFor(() => {
      expect(within(card("cuda:0") ?? document.body).getByTestId("provider-select")).toBeChecked();
    });
    expect(within(card("cpu") ?? document.body).getByTestId("provider-select")).not.toBeChecked();
    expect(backendMock.callsTo("benchmark_provider").map((args) => args.providerId)).toEqual([
      "cpu",
      "cuda:0",
    ]);
    // 50 GiB of 8-bit labels at 10 million labels/s.
    expect(screen.getByTestId("processor-estimate")).toHaveTextContent("Estimated time: about 1 h 29 min.");

    // Choosing the CPU as well adds its speed.
    await user.click(within(card("cpu") ?? document.body).getByTestId("provider-select"));
    expect(screen.getByTestId("processor-estimate")).toHaveTextContent("about 1 h 29 min");
    await user.click(within(card("cuda:0") ?? document.body).getByTestId("provider-select"));
    expect(screen.getByTestId("processor-estimate")).toHaveTextContent("about 12 days 10 h");
  });

  it("does not offer processors turned off in the settings", async () => {
    backend({ get_settings: () => fixtures.settings({ disabled_providers: ["cuda:0"] }) });
    const { user } = renderWizard();
    await reachProcessorStep(user);
    const cards = await screen.findAllByTestId("provider-card");
    expect(cards.map((c) => c.dataset.providerId)).toEqual(["cpu"]);
    expect(screen.getByText(/1 turned off in the Processors page is not shown/)).toBeInTheDocument();
  });

  it("shows why graphics cards cannot be used", async () => {
    backend({
      list_providers: () =>
        fixtures.providersView({
          gpu_library: { status: "unavailable", reason: "libgpu-setup.so: not found" },
        }),
    });
    const { user } = renderWizard();
    await reachProcessorStep(user);
    expect(await screen.findByTestId("gpu-library-reason")).toHaveTextContent("libgpu-setup.so: not found");
    expect(screen.getByTestId("gpu-library-status")).toHaveTextContent(
      /where the built-in support finds none/,
    );
    expect(screen.getByTestId("gpu-library-choose")).toBeInTheDocument();
  });

  it("says nothing of gpu-post when the built-in GPU support found graphics cards", async () => {
    backend({
      list_providers: () =>
        fixtures.providersView({
          providers: [fixtures.cpu(), fixtures.gpu()],
          gpu_library: { status: "unavailable", reason: "libgpu-setup.so: not found" },
          opencl: { status: "found", platforms: 1, devices: 1 },
        }),
    });
    const { user } = renderWizard();
    await reachProcessorStep(user);
    await screen.findAllByTestId("provider-card");
    expect(screen.queryByTestId("gpu-library-status")).not.toBeInTheDocument();
  });

  it("checks the id as it is typed", async () => {
    backend();
    const { user } = renderWizard();
    await reachIdentityStep(user);
    const id = screen.getByTestId("identity-id-input");
    await user.type(id, "12ab");
    expect(screen.getByTestId("identity-id-error")).toHaveTextContent(
      "The id has 4 digits; it needs exactly 64.",
    );
    await user.type(id, "g");
    expect(screen.getByTestId("identity-id-error")).toHaveTextContent(
      /"g", which is not a hexadecimal digit/,
    );
    await next(user);
    expect(screen.getByTestId("wizard-step-identity")).toBeInTheDocument();

    await user.click(screen.getByTestId("identity-generate"));
    expect((id as HTMLInputElement).value).toMatch(/^[0-9a-f]{64}$/);
    expect(screen.queryByTestId("identity-id-error")).not.toBeInTheDocument();
  });

  it("refuses a bad PoW difficulty, opening the advanced part to show it", async () => {
    backend();
    const { user } = renderWizard();
    await reachIdentityStep(user);
    const advanced = screen.getByTestId("identity-advanced");
    expect(advanced).not.toHaveAttribute("open");
    await user.click(screen.getByTestId("identity-id-input"));
    await user.paste(ID);
    await user.click(within(advanced).getByText(/^Advanced/));
    await user.type(screen.getByTestId("identity-difficulty-input"), "00ff");
    await user.click(within(advanced).getByText(/^Advanced/));
    expect(advanced).not.toHaveAttribute("open");

    await next(user);
    expect(screen.getByTestId("wizard-step-identity")).toBeInTheDocument();
    expect(advanced).toHaveAttribute("open");
    expect(screen.getByTestId("identity-difficulty-error")).toHaveTextContent("The difficulty has 4 digits");
  });

  it("builds the JobRequest, calls add_job once and returns to the dashboard", async () => {
    let release: () => void = () => undefined;
    const backendMock = backend({
      add_job: ({ request }) =>
        new Promise((resolve) => {
          release = () => {
            resolve(
              fixtures.job({ id: 7, name: request.name, dir: request.dir, state: { state: "queued" } }),
            );
          };
        }),
    });
    const { user, onDone } = renderWizard();
    await reachIdentityStep(user);
    await user.click(screen.getByTestId("identity-id-input"));
    await user.paste(ID);
    await next(user);

    await screen.findByTestId("wizard-step-summary");
    expect(screen.getByTestId("summary-name-input")).toHaveValue("pos");
    expect(screen.getByTestId("summary-size")).toHaveTextContent("50.0 GiB · 53,687,091,200 labels");
    expect(screen.getByTestId("summary-processors")).toHaveTextContent("NVIDIA H100");
    expect(screen.getByTestId("summary-id")).toHaveTextContent(ID);

    const start = screen.getByTestId("wizard-start");
    await user.click(start);
    expect(start).toBeDisabled();
    expect(start).toHaveTextContent("Starting…");
    await user.click(start);
    release();
    await waitFor(() => {
      expect(onDone).toHaveBeenCalledTimes(1);
    });

    const requests = backendMock.callsTo("add_job").map((args) => args.request);
    const expected: JobRequest = {
      name: "pos",
      dir: "/mnt/data/pos",
      id: ID,
      salt: DEFAULT_SALT,
      n: 512,
      label_bits: 8,
      total_labels: 53_687_091_200,
      pow_difficulty: null,
      providers: { mode: "specific", ids: ["cuda:0"] },
      max_file_bytes: 4 * GIB,
    };
    expect(requests).toEqual([expected]);
  });

  it("says when a FAT32 drive lowers the file size, and asks for files that fit", async () => {
    const backendMock = backend({
      folder_info: ({ path }) =>
        fixtures.folderInfo({ path, file_system: "vfat", max_file_bytes: 4 * GIB - 1 }),
    });
    const { user } = renderWizard();
    await chooseFolder(user, "/media/usb/pos");
    expect(await screen.findByTestId("folder-file-limit")).toHaveTextContent(
      "This drive holds files of at most 4 GiB − 1 byte",
    );
    expect(screen.getByTestId("folder-status")).toHaveTextContent("on this disk (FAT32)");
    await next(user);
    await user.click(await screen.findByTestId("size-share-50"));
    await next(user);
    await screen.findByTestId("wizard-step-processor");
    await waitFor(() => {
      expect(screen.getAllByTestId("provider-select").some((box) => (box as HTMLInputElement).checked)).toBe(
        true,
      );
    });
    await next(user);
    await user.click(await screen.findByTestId("identity-id-input"));
    await user.paste(ID);
    await next(user);
    expect(await screen.findByTestId("summary-file-limit")).toHaveTextContent(
      "Files of at most 4 GiB − 1 byte because this drive is FAT32",
    );
    expect(screen.getByTestId("summary-parameters")).toHaveTextContent("files of at most 4 GiB − 1 byte");
    await user.click(screen.getByTestId("wizard-start"));
    await waitFor(() => {
      expect(backendMock.callsTo("add_job").map((args) => args.request.max_file_bytes)).toEqual([
        4 * GIB - 1,
      ]);
    });
  });

  it("lets a step be changed from the summary and comes back to it", async () => {
    const backendMock = backend();
    const { user } = renderWizard();
    await reachIdentityStep(user);
    await user.click(screen.getByTestId("identity-id-input"));
    await user.paste(ID);
    await next(user);
    await user.click(await screen.findByTestId("summary-size-change"));

    const size = await screen.findByTestId("size-input");
    await user.clear(size);
    await user.type(size, "2");
    expect(screen.getByTestId("wizard-next")).toHaveTextContent("Back to summary");
    await next(user);
    expect(await screen.findByTestId("summary-size")).toHaveTextContent("2.0 GiB");
    await user.clear(screen.getByTestId("summary-name-input"));
    await user.type(screen.getByTestId("summary-name-input"), "Test run");
    await user.click(screen.getByTestId("wizard-start"));
    await waitFor(() => {
      expect(backendMock.callsTo("add_job")).toHaveLength(1);
    });
    expect(backendMock.callsTo("add_job")[0]?.request).toMatchObject({
      name: "Test run",
      total_labels: 2 * GIB,
    });
  });

  it("shows add_job's error and stays on the summary", async () => {
    backend({
      add_job: () =>
        rejectWith("disk_full", "Not enough free space in /mnt/data/pos: 3 GiB more are needed."),
    });
    const { user, onDone } = renderWizard();
    await reachIdentityStep(user);
    await user.click(screen.getByTestId("identity-id-input"));
    await user.paste(ID);
    await next(user);
    await user.click(await screen.findByTestId("wizard-start"));

    const error = await screen.findByTestId("wizard-error");
    expect(error).toHaveTextContent("Could not start the job.");
    expect(error).toHaveTextContent("Not enough free space in /mnt/data/pos: 3 GiB more are needed.");
    expect(error).toHaveAttribute("data-code", "disk_full");
    expect(screen.getByTestId("wizard-step-summary")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-start")).toBeEnabled();
    expect(onDone).not.toHaveBeenCalled();
  });
});
