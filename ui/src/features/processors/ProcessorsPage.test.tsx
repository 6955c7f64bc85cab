import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fixtures } from "../../platform/testing/fixtures";
import { installMockBackend, rejectWith } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { ProcessorsPage } from "./ProcessorsPage";

function row(id: string): HTMLElement {
  const found = screen.getAllByTestId("provider-row").find((element) => element.dataset.providerId === id);
  if (!found) throw new Error(`no row for ${id}`);
  return found;
}

describe("processors page", () => {
  it("turns a processor off and on through the settings", async () => {
    const mock = installMockBackend({
      list_providers: () => fixtures.providersView({ providers: [fixtures.cpu(), fixtures.gpu()] }),
    });
    const { user } = renderInApp(<ProcessorsPage />);
    await screen.findAllByTestId("provider-row");
    const gpuSwitch = within(row("cuda:0")).getByTestId("provider-enabled");
    expect(gpuSwitch).toBeChecked();

    await user.click(gpuSwitch);
    await waitFor(() => {
      expect(within(row("cuda:0")).getByTestId("provider-enabled")).not.toBeChecked();
    });
    expect(mock.callsTo("set_settings").at(-1)?.settings.disabled_providers).toEqual(["cuda:0"]);

    await user.click(within(row("cuda:0")).getByTestId("provider-enabled"));
    await waitFor(() => {
      expect(within(row("cuda:0")).getByTestId("provider-enabled")).toBeChecked();
    });
    expect(mock.callsTo("set_settings").at(-1)?.settings.disabled_providers).toEqual([]);
  });

  it("keeps the switch as it was when saving fails, and says why", async () => {
    installMockBackend({ set_settings: () => rejectWith("io", "The settings file is read-only.") });
    const { user } = renderInApp(<ProcessorsPage />);
    const cpuSwitch = await within(await screen.findByTestId("provider-row")).findByTestId(
      "provider-enabled",
    );
    await user.click(cpuSwitch);
    expect(await screen.findByTestId("error")).toHaveTextContent("The settings file is read-only.");
    expect(cpuSwitch).toBeChecked();
  });

  it("measures a processor's speed on request", async () => {
    const mock = installMockBackend();
    const { user } = renderInApp(<ProcessorsPage />);
    await user.click(await screen.findByTestId("provider-measure"));
    expect(await screen.findByTestId("provider-speed")).toHaveTextContent("50,000 labels/s · 48.8 KiB/s");
    expect(mock.callsTo("benchmark_provider")).toEqual([{ providerId: "cpu", n: 512, bits: 8, seconds: 3 }]);
  });

  it("says what gpu-post would add, and takes its file from a picker, never a typed path", async () => {
    const mock = installMockBackend({ pick_gpu_library: () => "/home/ana/Downloads/libgpu-setup.so" });
    const { user } = renderInApp(<ProcessorsPage />);
    expect(await screen.findByTestId("gpu-library-reason")).toHaveTextContent("libgpu-post.so was not found");
    const notice = screen.getByTestId("gpu-library-status");
    expect(notice).toHaveTextContent(/where the built-in support finds none/);
    expect(notice).not.toHaveTextContent(/app's folder/);
    await user.click(screen.getByTestId("gpu-library-get"));
    expect(mock.callsTo("open_gpu_post_page")).toHaveLength(1);
    await user.click(screen.getByTestId("gpu-library-choose"));
    expect(await screen.findByTestId("gpu-library-chosen")).toHaveTextContent("libgpu-setup.so");
    expect(mock.callsTo("set_settings").at(-1)?.settings.gpu_library_path).toBe(
      "/home/ana/Downloads/libgpu-setup.so",
    );
    await user.click(screen.getByTestId("gpu-library-restart"));
    expect(mock.callsTo("restart_app")).toHaveLength(1);
  });

  it("calls gpu-post optional when the built-in support already found graphics cards", async () => {
    installMockBackend({
      list_providers: () => fixtures.providersView({ opencl: { status: "found", platforms: 1, devices: 1 } }),
    });
    renderInApp(<ProcessorsPage />);
    expect(await screen.findByTestId("gpu-library-status")).toHaveTextContent(
      /Optional.*nothing else is needed/,
    );
  });

  it("shows, per processor, the jobs it was taken off and why", async () => {
    const reason = "gpu-post computes wrong labels at N = 8192 on NVIDIA H100; the job goes on without it";
    const mock = installMockBackend({
      list_providers: () => fixtures.providersView({ providers: [fixtures.cpu(), fixtures.gpu()] }),
      list_jobs: () => [
        fixtures.job({ id: 3, name: "Big disk", processors_off: [{ processor: "cuda:0", reason }] }),
      ],
    });
    renderInApp(<ProcessorsPage />);
    await screen.findByText("NVIDIA H100");
    expect(await within(row("cuda:0")).findByTestId("provider-taken-off")).toHaveTextContent(
      `Taken off “Big disk”: ${reason}`,
    );
    expect(within(row("cpu")).queryByTestId("provider-taken-off")).toBeNull();

    await act(() =>
      mock.emit("jobs://changed", { job: fixtures.job({ id: 3, name: "Big disk", processors_off: [] }) }),
    );
    expect(within(row("cuda:0")).queryByTestId("provider-taken-off")).toBeNull();
  });
});
