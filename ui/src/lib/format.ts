// How numbers, sizes, speeds and durations read on screen. English, like the rest of the UI.

export const GIB = 2 ** 30;
const MIB = 2 ** 20;

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const twoDecimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** 1234567 → "1,234,567" */
export function formatCount(value: number): string {
  return grouped.format(value);
}

/** Bytes in binary units, the way the size input counts them: "931.5 GiB". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const unitName = units[unit] ?? "bytes";
  return unit === 0 ? `${formatCount(value)} ${unitName}` : `${oneDecimal.format(value)} ${unitName}`;
}

/** A size in GiB for an input field: at most two decimals, no grouping ("12.5"). */
export function toGibText(bytes: number): string {
  return String(Math.floor((bytes / GIB) * 100) / 100);
}

/** Labels per second, shortened when large: "59,000 labels/s", "15.1 million labels/s". */
export function formatLabelRate(labelsPerSec: number): string {
  if (labelsPerSec >= 1e9) return `${oneDecimal.format(labelsPerSec / 1e9)} billion labels/s`;
  if (labelsPerSec >= 1e6) return `${oneDecimal.format(labelsPerSec / 1e6)} million labels/s`;
  return `${formatCount(labelsPerSec)} labels/s`;
}

/** How many MiB a second of labels makes: labels/s × bits / 8 / 2^20. */
export function mibPerSec(labelsPerSec: number, labelBits: number): number {
  return (labelsPerSec * labelBits) / 8 / MIB;
}

/** A data rate given in MiB/s, in the unit that keeps it readable: "1.5 MiB/s", "48.8 KiB/s". */
export function formatMibRate(mibPerSecond: number): string {
  if (mibPerSecond >= 1 || mibPerSecond === 0) return `${twoDecimals.format(mibPerSecond)} MiB/s`;
  const kibPerSecond = mibPerSecond * 1024;
  if (kibPerSecond >= 1) return `${oneDecimal.format(kibPerSecond)} KiB/s`;
  return `${formatCount(kibPerSecond * 1024)} bytes/s`;
}

/**
 * When something that takes `seconds` from `now` ends, as a clock time in the person's locale:
 * "2:35 PM" today, "Wed 9:10 AM" within a week, else with the date.
 */
export function formatFinishTime(seconds: number, now: Date = new Date()): string {
  const end = new Date(now.getTime() + seconds * 1000);
  const time: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
  const sameDay = end.toDateString() === now.toDateString();
  if (sameDay) return end.toLocaleTimeString(undefined, time);
  const withinWeek = seconds < 6 * 86400;
  return end.toLocaleString(
    undefined,
    withinWeek ? { weekday: "short", ...time } : { month: "short", day: "numeric", ...time },
  );
}

/** A duration a person reads at a glance: "less than a minute", "2 h 5 min", "3 days 4 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "a very long time";
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  if (hours < 24) return restMinutes === 0 ? `${hours} h` : `${hours} h ${restMinutes} min`;
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  const dayWord = days === 1 ? "day" : "days";
  return restHours === 0 ? `${days} ${dayWord}` : `${days} ${dayWord} ${restHours} h`;
}

/** A duration as an estimate: "less than a minute", "about 2 h 5 min". */
export function formatApproxDuration(seconds: number): string {
  const text = formatDuration(seconds);
  return text === "less than a minute" || !Number.isFinite(seconds) ? text : `about ${text}`;
}

/** Percent done, rounded down so a job never shows 100.0% before it finishes. */
export function formatPercent(done: number, total: number): string {
  if (total <= 0) return "0.0%";
  const tenths = Math.floor((done / total) * 1000);
  return `${oneDecimal.format(Math.min(tenths, 1000) / 10)}%`;
}

/** The last part of a path, for either separator: "D:\\pos\\disk1" → "disk1". */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((part) => part.length > 0);
  return parts[parts.length - 1] ?? "";
}
