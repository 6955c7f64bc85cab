import { describe, expect, it } from "vitest";

import {
  folderName,
  formatBytes,
  formatDuration,
  formatFinishTime,
  formatLabelRate,
  formatMibRate,
  formatPercent,
  mibPerSec,
  toGibText,
} from "./format";
import { hex64Problem, normalizeHex, randomHex64 } from "./hex";

describe("format", () => {
  it("writes durations a person reads at a glance", () => {
    expect(formatDuration(20)).toBe("less than a minute");
    expect(formatDuration(12 * 60)).toBe("12 min");
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe("2 h 5 min");
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe("3 days 4 h");
    expect(formatDuration(86400)).toBe("1 day");
  });

  it("never shows 100% before the last label", () => {
    expect(formatPercent(999_999, 1_000_000)).toBe("99.9%");
    expect(formatPercent(1_000_000, 1_000_000)).toBe("100.0%");
    expect(formatPercent(0, 0)).toBe("0.0%");
  });

  it("converts labels/s to MiB/s by the label size", () => {
    expect(mibPerSec(2 ** 20, 8)).toBe(1);
    expect(mibPerSec(2 ** 20, 16)).toBe(2);
  });

  it("writes sizes and rates", () => {
    expect(formatBytes(1.5 * 2 ** 30)).toBe("1.5 GiB");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(toGibText(10.256 * 2 ** 30)).toBe("10.25");
    expect(formatLabelRate(59_000)).toBe("59,000 labels/s");
    expect(formatLabelRate(15_100_000)).toBe("15.1 million labels/s");
  });

  it("shows small rates in KiB/s or bytes/s instead of 0 MiB/s", () => {
    expect(formatMibRate(1.5)).toBe("1.5 MiB/s");
    expect(formatMibRate(0)).toBe("0 MiB/s");
    expect(formatMibRate(mibPerSec(50_000, 8))).toBe("48.8 KiB/s");
    expect(formatMibRate(mibPerSec(100, 8))).toBe("100 bytes/s");
  });

  it("says when something ends as a clock time, with the day when it is not today", () => {
    const now = new Date(2026, 11, 1, 9, 0);
    const inTwoHours = formatFinishTime(2 * 3600, now);
    expect(inTwoHours).toMatch(/11[:.]00/);
    expect(inTwoHours).not.toMatch(/Tue|Wed|Dec/);
    expect(formatFinishTime(26 * 3600, now)).toMatch(/Wed.*11[:.]00/);
    expect(formatFinishTime(20 * 86400, now)).toMatch(/Dec.*21/);
  });

  it("takes a folder's name from Windows and Unix paths", () => {
    expect(folderName("D:\\pos\\disk1\\")).toBe("disk1");
    expect(folderName("/home/ana/pos")).toBe("pos");
  });
});

describe("hex", () => {
  it("accepts 64 hex digits pasted with spaces, 0x or capitals", () => {
    const id = "AB".repeat(32);
    expect(hex64Problem(`0x${id}`, "The id")).toBeNull();
    expect(hex64Problem(` ${id.slice(0, 10)} ${id.slice(10)}\n`, "The id")).toBeNull();
    expect(normalizeHex(`0x${id}`)).toBe("ab".repeat(32));
  });

  it("says what is wrong with a bad value", () => {
    expect(hex64Problem("ab".repeat(31), "The id")).toBe("The id has 62 digits; it needs exactly 64.");
    expect(hex64Problem("zz", "The salt")).toMatch(/"z", which is not a hexadecimal digit/);
    expect(hex64Problem("", "The id")).toMatch(/is empty/);
  });

  it("generates 64 random hex digits", () => {
    const a = randomHex64();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(randomHex64()).not.toBe(a);
  });
});
