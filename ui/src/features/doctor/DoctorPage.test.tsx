import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { DoctorCheck } from "../../bindings";
import { installMockBackend, rejectWith } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { DoctorPage } from "./DoctorPage";

const checks: DoctorCheck[] = [
  {
    id: "opencl",
    title: "OpenCL",
    status: "warning",
    summary: "No GPU through OpenCL: no OpenCL library. Jobs compute on the CPU, far slower.",
    fix: "Install your graphics card's driver.",
  },
  {
    id: "folder",
    title: "Data folder",
    status: "problem",
    summary: "“a” in /data: ext4, 1.0 GiB free, 20.0 GiB still to write.",
    fix: "Free some space on that disk.",
  },
  { id: "sleep", title: "Sleep", status: "ok", summary: "The computer is kept awake.", fix: null },
];

describe("doctor page", () => {
  it("lists every check with its status and what to do, and checks again on request", async () => {
    const mock = installMockBackend({ run_doctor: () => checks });
    const { user } = renderInApp(<DoctorPage />);
    const items = await screen.findAllByTestId("doctor-check");
    expect(items.map((i) => i.getAttribute("data-status"))).toEqual(["warning", "problem", "ok"]);
    const [, folder, sleep] = items as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(folder).getByText("What to do: Free some space on that disk.")).toBeInTheDocument();
    expect(within(sleep).queryByText(/What to do/)).not.toBeInTheDocument();
    expect(screen.getByTestId("doctor-summary")).toHaveTextContent("1 thing needs fixing, 1 thing could be better.");
    expect(screen.getByTestId("error-support-bundle")).toBeInTheDocument();

    await user.click(screen.getByTestId("doctor-again"));
    expect(mock.callsTo("run_doctor")).toHaveLength(2);
  });

  it("says when nothing stops the jobs, and leaves out what is zero", async () => {
    installMockBackend({ run_doctor: () => checks.slice(2) });
    renderInApp(<DoctorPage />);
    expect(await screen.findByTestId("doctor-summary")).toHaveTextContent("Nothing here stops or slows the jobs.");
  });

  it("counts only what could be better when nothing needs fixing", async () => {
    const warning = checks.slice(0, 1);
    installMockBackend({ run_doctor: () => [...warning, ...warning] });
    renderInApp(<DoctorPage />);
    expect(await screen.findByTestId("doctor-summary")).toHaveTextContent(/^2 things could be better\.$/);
  });

  it("says why the checks could not run", async () => {
    installMockBackend({ run_doctor: () => rejectWith("internal", "the engine is gone") });
    renderInApp(<DoctorPage />);
    expect(await screen.findByTestId("doctor-error")).toHaveTextContent("Could not check this computer.");
  });
});
