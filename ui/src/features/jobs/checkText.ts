// What a finished job's last check found, in words for its card.
import type { JobCheck } from "../../bindings";
import { formatCount, formatShortDate, formatTimeOfDay } from "../../lib/format";
import { t } from "../../text";

/**
 * When a check ended, as people say it, the date and time in the locale numbers are written in:
 * "today at 5:40 PM", "on Dec 3 at 9:12 AM" (with "17:40" and "3. Dez." in German).
 */
export function checkedWhen(atSecs: number, now: Date = new Date()): string {
  const at = new Date(atSecs * 1000);
  const time = formatTimeOfDay(at);
  if (at.toDateString() === now.toDateString()) return t("jobs.check.today", { time });
  return t("jobs.check.onDay", { day: formatShortDate(at), time });
}

/** How long after a job finished its automatic check is still expected. */
const CHECK_EXPECTED_SECS = 120;

/** What the last check found, as one sentence; `finished` (Unix seconds) for a job not checked. */
export function checkText(check: JobCheck | null, finished: number | null, now: Date = new Date()): string {
  if (check === null) {
    const recent = finished !== null && now.getTime() / 1000 - finished < CHECK_EXPECTED_SECS;
    return recent ? t("jobs.check.running") : t("jobs.check.notYet");
  }
  const when = checkedWhen(check.at, now);
  const labels = formatCount(check.labels_checked);
  const wrong = formatCount(check.mismatches);
  if (check.every_label) {
    if (check.mismatches === 0) return t("jobs.check.everyCorrect", { labels, when });
    return check.repaired
      ? t("jobs.check.everyRewritten", { labels, when, damaged: wrong })
      : t("jobs.check.everyDamaged", { labels, when, damaged: wrong });
  }
  if (check.mismatches === 0) return t("jobs.check.sampleCorrect", { labels, when });
  return t("jobs.check.sampleWrong", { wrong, labels, when });
}
