import { describe, expect, it } from "vitest";

import {
  folderName,
  formatApproxDuration,
  formatBytes,
  formatCount,
  formatDuration,
  formatFinishTime,
  formatInputNumber,
  formatLabelRate,
  formatLocale,
  formatMibRate,
  formatPercent,
  formatShortDate,
  formatTimeOfDay,
  mibPerSec,
  parseInputNumber,
  setFormatLocale,
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

  it("never writes a speed above zero as 0", () => {
    expect(formatMibRate(mibPerSec(0.3, 8))).toBe("1 byte/s");
    expect(formatMibRate(0.9999)).toBe("1,023.9 KiB/s");
    expect(formatMibRate(mibPerSec(1, 8))).toBe("1 byte/s");
    expect(formatMibRate(mibPerSec(3, 8))).toBe("3 bytes/s");
    expect(formatLabelRate(0.2)).toBe("less than 1 label/s");
    expect(formatLabelRate(0)).toBe("0 labels/s");
  });

  it("writes numbers for a text field without grouping and reads them back", () => {
    expect(formatInputNumber(1234.5)).toBe("1234.5");
    expect(formatInputNumber(4)).toBe("4");
    expect(parseInputNumber(" 12.5 ")).toBe(12.5);
    expect(parseInputNumber(".5")).toBe(0.5);
    expect(parseInputNumber("12")).toBe(12);
    // A comma is digit grouping in English: "1,000" is refused rather than read as 1.
    expect(parseInputNumber("1,000")).toBeNull();
    expect(parseInputNumber("-3")).toBeNull();
    expect(parseInputNumber("12 GiB")).toBeNull();
  });

  it("says when something ends as a clock time, with the day when it is not today", () => {
    const now = new Date(2026, 11, 1, 9, 0);
    const inTwoHours = formatFinishTime(2 * 3600, now);
    expect(inTwoHours).toMatch(/11[:.]00/);
    expect(inTwoHours).not.toMatch(/Tue|Wed|Dec/);
    expect(formatFinishTime(26 * 3600, now)).toMatch(/Wed.*11[:.]00/);
    expect(formatFinishTime(20 * 86400, now)).toMatch(/Dec.*21/);
  });

  it("writes one of a unit in the singular", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatLabelRate(1)).toBe("1 label/s");
    expect(formatLabelRate(2)).toBe("2 labels/s");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(60)).toBe("1 min");
  });

  it("says a duration it cannot know or that is short without an estimate's about", () => {
    expect(formatApproxDuration(Infinity)).toBe("a very long time");
    expect(formatApproxDuration(10)).toBe("less than a minute");
    expect(formatApproxDuration(12 * 60)).toBe("about 12 min");
    expect(formatApproxDuration(12 * 86400 + 10 * 3600)).toBe("about 12 days 10 h");
  });

  it("writes a check's time and day in the format locale", () => {
    const at = new Date(2026, 11, 3, 17, 40);
    expect(formatTimeOfDay(at)).toBe("5:40 PM");
    expect(formatShortDate(at)).toBe("Dec 3");
    setFormatLocale("de-DE");
    expect(formatTimeOfDay(at)).toBe("17:40");
    expect(formatShortDate(at)).toBe("3. Dez.");
  });

  it("takes a folder's name from Windows and Unix paths", () => {
    expect(folderName("D:\\pos\\disk1\\")).toBe("disk1");
    expect(folderName("/home/ana/pos")).toBe("pos");
  });
});

describe("format in the person's locale", () => {
  it("writes numbers, sizes, percents and speeds as German does", () => {
    setFormatLocale("de-DE");
    expect(formatLocale()).toBe("de-DE");
    expect(formatCount(1_234_567)).toBe("1.234.567");
    expect(formatBytes(1.5 * 2 ** 30)).toBe("1,5 GiB");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatPercent(425, 1000)).toMatch(/^42,5\s?%$/);
    expect(formatLabelRate(15_100_000)).toBe("15,1 million labels/s");
    expect(formatLabelRate(59_000)).toBe("59.000 labels/s");
    expect(formatMibRate(mibPerSec(50_000, 8))).toBe("48,8 KiB/s");
    expect(formatFinishTime(2 * 3600, new Date(2026, 11, 1, 9, 0))).toBe("11:00");
  });

  it("writes and reads a size typed in GiB with the locale's decimal comma, and a point too", () => {
    setFormatLocale("de-DE");
    expect(toGibText(10.256 * 2 ** 30)).toBe("10,25");
    expect(formatInputNumber(1234.5)).toBe("1234,5");
    expect(parseInputNumber("12,5")).toBe(12.5);
    expect(parseInputNumber("12.5")).toBe(12.5);
    expect(parseInputNumber(toGibText(10.256 * 2 ** 30))).toBe(10.25);
    expect(parseInputNumber("1,2,3")).toBeNull();
  });

  it("keeps English for a locale Intl does not know, and goes back to the webview's without one", () => {
    setFormatLocale("not a locale!");
    expect(formatLocale()).toBe(navigator.language);
    setFormatLocale("de-DE");
    setFormatLocale();
    expect(formatLocale()).toBe(navigator.language);
  });
});

describe("hex", () => {
  it("accepts 64 hex digits pasted with spaces, 0x or capitals", () => {
    const id = "AB".repeat(32);
    expect(hex64Problem(`0x${id}`, "id")).toBeNull();
    expect(hex64Problem(` ${id.slice(0, 10)} ${id.slice(10)}\n`, "id")).toBeNull();
    expect(normalizeHex(`0x${id}`)).toBe("ab".repeat(32));
  });

  it("says what is wrong with a bad value", () => {
    expect(hex64Problem("ab".repeat(31), "id")).toBe("The id has 62 digits; it needs exactly 64.");
    expect(hex64Problem("zz", "salt")).toMatch(/"z", which is not a hexadecimal digit/);
    expect(hex64Problem("", "id")).toMatch(/is empty/);
  });

  it("generates 64 random hex digits", () => {
    const a = randomHex64();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(randomHex64()).not.toBe(a);
  });
});
