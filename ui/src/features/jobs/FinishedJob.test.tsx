import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { JobCheck } from "../../bindings";
import { fixtures } from "../../platform/testing/fixtures";
import { installMockBackend } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { checkText } from "./checkText";
import { JobsPage } from "./JobsPage";

const NOW = new Date(2026, 11, 1, 17, 45);
const at = (hours: number, minutes: number) => new Date(2026, 11, 1, hours, minutes).getTime() / 1000;
const check = (overrides: Partial<JobCheck>): JobCheck => ({
  at: at(17, 40),
  labels_checked: 1000,
  mismatches: 0,
  every_label: false,
  repaired: false,
  ...overrides,
});

describe("checkText", () => {
  it("says a finished job is being checked just after it finished, and not checked later", () => {
    expect(checkText(null, at(17, 44), NOW)).toMatch(/being checked/);
    expect(checkText(null, at(9, 0), NOW)).toBe("The labels have not been checked yet.");
  });

  it("says what a sample and a check of every label found, and when", () => {
    expect(checkText(check({}), null, NOW)).toMatch(
      /^1,000 labels picked at random .* today at .* all match/,
    );
    expect(checkText(check({ mismatches: 3 }), null, NOW)).toMatch(/^3 of 1,000 labels .* are wrong/);
    expect(checkText(check({ every_label: true, labels_checked: 4300, repaired: true }), null, NOW)).toMatch(
      /^Every label \(4,300\) was checked today at .*: all are correct/,
    );
    expect(
      checkText(check({ every_label: true, labels_checked: 4300, mismatches: 2, repaired: true }), null, NOW),
    ).toMatch(/2 were damaged and written again; the data is correct now/);
  });
});

describe("a finished job's card", () => {
  it("says where the data is, how big, what the check found, and offers to check every label", async () => {
    const job = fixtures.job({
      state: { state: "completed" },
      labels_done: 1_000_000,
      last_check: check({}),
      finished: at(17, 40),
    });
    installMockBackend({ list_jobs: () => [job], repair_job: () => new Promise<never>(vi.fn()) });
    const { user } = renderInApp(<JobsPage onNewJob={vi.fn()} />);
    const finished = await screen.findByTestId("job-finished");
    expect(finished).toHaveTextContent(/Your PoS data is ready: 976\.6 KiB, 1,000,000 labels/);
    expect(finished).toHaveTextContent(job.dir);
    expect(finished).toHaveAttribute("data-checked", "sample");
    await user.click(screen.getByTestId("job-check-every"));
    expect(await screen.findByTestId("repair-running")).toBeInTheDocument();
  });

  it("offers no second check once every label was checked and is correct", async () => {
    const job = fixtures.job({
      state: { state: "completed" },
      labels_done: 1_000_000,
      last_check: check({ every_label: true, labels_checked: 1_000_000, repaired: true }),
    });
    installMockBackend({ list_jobs: () => [job] });
    renderInApp(<JobsPage onNewJob={vi.fn()} />);
    expect(await screen.findByTestId("job-finished")).toHaveAttribute("data-checked", "every");
    expect(screen.queryByTestId("job-check-every")).not.toBeInTheDocument();
  });
});
