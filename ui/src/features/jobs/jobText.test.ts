import { describe, expect, it } from "vitest";

import { setFormatLocale } from "../../lib/format";
import { fixtures } from "../../platform/testing/fixtures";
import { speedLine } from "./jobText";

describe("job card speed", () => {
  it("never says 0 MiB/s for a job that computes", () => {
    expect(speedLine(fixtures.job({ labels_per_sec: 0 }))).toBe("Measuring…");
    expect(speedLine(fixtures.job({ labels_per_sec: 2_000, label_bits: 8 }))).toBe(
      "2,000 labels/s · 2.0 KiB/s",
    );
    expect(speedLine(fixtures.job({ labels_per_sec: 300, label_bits: 8 }))).toBe(
      "300 labels/s · 300 bytes/s",
    );
    expect(speedLine(fixtures.job({ labels_per_sec: 2 ** 20, label_bits: 8 }))).toBe(
      "1.0 million labels/s · 1 MiB/s",
    );
  });

  it("shows a dash for a job that does not run, and the locale's numbers", () => {
    expect(speedLine(fixtures.job({ state: { state: "paused" }, labels_per_sec: 500 }))).toBe("—");
    setFormatLocale("de-DE");
    expect(speedLine(fixtures.job({ labels_per_sec: 1_500_000, label_bits: 8 }))).toBe(
      "1,5 million labels/s · 1,43 MiB/s",
    );
  });
});
