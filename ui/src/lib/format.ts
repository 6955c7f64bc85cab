// How numbers, sizes, speeds and durations read on screen: the words from the text catalog
// (text/en/format.ts, in the active text's language), the numbers, dates and times in the
// person's locale ("1,5 GiB" and "1.234.567" in German). text/index.ts must not import this
// module, or the two would import each other; text/locale.ts sets both locales.
import { t } from "../text";

export const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** The locale when the webview names none that Intl knows. */
const FALLBACK_LOCALE = "en-US";

function knownLocale(tag: string | undefined): tag is string {
  if (tag === undefined || tag.length === 0) return false;
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    // Not a well-formed language tag.
    return false;
  }
}

/** The webview's language (the system's, in Tauri), as navigator.language gives it. */
function webviewLocale(): string {
  const language = typeof navigator === "undefined" ? undefined : navigator.language;
  return knownLocale(language) ? language : FALLBACK_LOCALE;
}

function numberFormats(locale: string) {
  return {
    locale,
    grouped: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    oneDecimal: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    upToOneDecimal: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    twoDecimals: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
    percent: new Intl.NumberFormat(locale, {
      style: "percent",
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }),
    decimalSeparator:
      new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === "decimal")?.value ?? ".",
  };
}

let formats = numberFormats(webviewLocale());

/**
 * Writes numbers in `locale` ("de-DE") from now on; without one, in the webview's language again.
 * The window sets it with its text (text/locale.ts: activateLocale); tests pin "en-US".
 */
export function setFormatLocale(locale?: string): void {
  formats = numberFormats(knownLocale(locale) ? locale : webviewLocale());
}

/** The locale numbers are written in now. */
export function formatLocale(): string {
  return formats.locale;
}

/** 1234567 → "1,234,567" ("1.234.567" in German) */
export function formatCount(value: number): string {
  return formats.grouped.format(value);
}

/** A number with at most one decimal, as on a chart's axis: "15", "2.5" ("2,5" in German). */
export function formatShortNumber(value: number): string {
  return formats.upToOneDecimal.format(value);
}

/**
 * A number for a text field: no grouping, at most `decimals` decimals, the locale's decimal
 * separator ("12,5" in German), so what the app writes there reads back with parseInputNumber.
 */
export function formatInputNumber(value: number, decimals = 2): string {
  return new Intl.NumberFormat(formats.locale, {
    maximumFractionDigits: decimals,
    useGrouping: false,
  }).format(value);
}

/**
 * A decimal number as a person types it: "12.5", or with the locale's separator ("12,5" in
 * German); surrounding spaces are fine. Null when it is not a plain non-negative number (digit
 * grouping is not accepted: "1,000" would mean 1 in German and 1000 in English).
 */
export function parseInputNumber(text: string): number | null {
  let cleaned = text.trim();
  if (formats.decimalSeparator !== ".") cleaned = cleaned.replace(formats.decimalSeparator, ".");
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

/** The binary units above bytes, by their keys in format.size. */
const SIZE_UNITS = ["kib", "mib", "gib", "tib", "pib"] as const;

/** Bytes in binary units, the way the size input counts them: "931.5 GiB", "512 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    const count = Math.round(bytes);
    return t("format.size.bytes", { count, number: formatCount(count) });
  }
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return t(`format.size.${SIZE_UNITS[unit] ?? "pib"}`, { value: formats.oneDecimal.format(value) });
}

/** A size in GiB for an input field: rounded down to two decimals, no grouping ("12.5", "12,5"). */
export function toGibText(bytes: number): string {
  return formatInputNumber(Math.floor((bytes / GIB) * 100) / 100);
}

/**
 * Labels per second, shortened when large: "59,000 labels/s", "15.1 million labels/s". A speed
 * above 0 never reads as 0.
 */
export function formatLabelRate(labelsPerSec: number): string {
  if (labelsPerSec >= 1e9) return t("format.rate.billionLabels", withOneDecimal(labelsPerSec / 1e9));
  if (labelsPerSec >= 1e6) return t("format.rate.millionLabels", withOneDecimal(labelsPerSec / 1e6));
  if (labelsPerSec > 0 && labelsPerSec < 0.5) return t("format.rate.underOneLabel");
  const count = Math.round(labelsPerSec);
  return t("format.rate.labels", { count, number: formatCount(count) });
}

/** A number for a plural message, shown with one decimal: the form is picked by what is shown. */
function withOneDecimal(value: number): { count: number; number: string } {
  return { count: Math.round(value * 10) / 10, number: formats.oneDecimal.format(value) };
}

/** How many MiB a second of labels makes: labels/s × bits / 8 / 2^20. */
export function mibPerSec(labelsPerSec: number, labelBits: number): number {
  return (labelsPerSec * labelBits) / 8 / MIB;
}

/**
 * A data rate given in MiB/s, in the unit that keeps it readable: "1.5 MiB/s", "48.8 KiB/s",
 * "100 bytes/s". Only a rate of exactly 0 reads as "0 MiB/s"; anything above it shows at least
 * "1 byte/s".
 */
export function formatMibRate(mibPerSecond: number): string {
  if (mibPerSecond >= 1 || mibPerSecond <= 0) {
    return t("format.rate.mib", { value: formats.twoDecimals.format(mibPerSecond) });
  }
  const kibPerSecond = mibPerSecond * 1024;
  if (kibPerSecond >= 1) return t("format.rate.kib", { value: formats.oneDecimal.format(kibPerSecond) });
  const bytesPerSecond = Math.max(1, Math.round(kibPerSecond * 1024));
  return t("format.rate.bytes", { count: bytesPerSecond, number: formatCount(bytesPerSecond) });
}

/**
 * When something that takes `seconds` from `now` ends, as a clock time in the person's locale:
 * "2:35 PM" today, "Wed 9:10 AM" within a week, else with the date.
 */
export function formatFinishTime(seconds: number, now: Date = new Date()): string {
  const end = new Date(now.getTime() + seconds * 1000);
  const time = TIME_OF_DAY;
  const sameDay = end.toDateString() === now.toDateString();
  if (sameDay) return end.toLocaleTimeString(formats.locale, time);
  const withinWeek = seconds < 6 * 86400;
  return end.toLocaleString(
    formats.locale,
    withinWeek ? { weekday: "short", ...time } : { month: "short", day: "numeric", ...time },
  );
}

/** Hours and minutes, as a clock shows them in the person's locale. */
const TIME_OF_DAY: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };

/** A moment as a clock time, in the person's locale: "5:40 PM", "17:40". */
export function formatTimeOfDay(at: Date | number): string {
  return new Date(at).toLocaleTimeString(formats.locale, TIME_OF_DAY);
}

/** A day without its year, in the person's locale: "Dec 3", "3. Dez.". */
export function formatShortDate(at: Date | number): string {
  return new Date(at).toLocaleDateString(formats.locale, { day: "numeric", month: "short" });
}

/** A moment as a clock time with seconds, in the person's locale: "2:35:08 PM", "14:35:08". */
export function formatClockTime(at: Date | number): string {
  return new Date(at).toLocaleTimeString(formats.locale, {
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** A duration a person reads at a glance: "less than a minute", "2 h 5 min", "3 days 4 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return t("format.duration.veryLong");
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return t("format.duration.underAMinute");
  if (minutes < 60) return minutesText(minutes);
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  if (hours < 24)
    return restMinutes === 0 ? hoursText(hours) : twoUnits(hoursText(hours), minutesText(restMinutes));
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours === 0 ? daysText(days) : twoUnits(daysText(days), hoursText(restHours));
}

function minutesText(count: number): string {
  return t("format.duration.minutes", { count, number: formatCount(count) });
}

function hoursText(count: number): string {
  return t("format.duration.hours", { count, number: formatCount(count) });
}

function daysText(count: number): string {
  return t("format.duration.days", { count, number: formatCount(count) });
}

function twoUnits(larger: string, smaller: string): string {
  return t("format.duration.twoUnits", { larger, smaller });
}

/** A duration as an estimate: "less than a minute", "about 2 h 5 min". */
export function formatApproxDuration(seconds: number): string {
  // "Less than a minute" and "a very long time" are vague already.
  const vague = !Number.isFinite(seconds) || Math.round(seconds / 60) < 1;
  const text = formatDuration(seconds);
  return vague ? text : t("format.duration.about", { duration: text });
}

/** Percent done, rounded down so a job never shows 100.0% before it finishes ("42,5 %" in German). */
export function formatPercent(done: number, total: number): string {
  const tenths = total <= 0 ? 0 : Math.floor((done / total) * 1000);
  return formats.percent.format(Math.min(tenths, 1000) / 1000);
}

/** The last part of a path, for either separator: "D:\\pos\\disk1" → "disk1". */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((part) => part.length > 0);
  return parts[parts.length - 1] ?? "";
}
