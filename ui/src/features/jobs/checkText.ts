// What a finished job's last check found, in words for its card.
import type { JobCheck } from "../../bindings";
import { formatCount } from "../../lib/format";
import { t } from "../../text";

/** When a check ended, as people say it: "today at 17:40", "on 3 Dec at 09:12". */
export function checkedWhen(atSecs: number, now: Date = new Date()): string {
  const at = new Date(atSecs * 1000);
  const time = at.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
  if (at.toDateString() === now.toDateString()) return t("jobs.check.today", { time });
  return t("jobs.check.onDay", {
    day: at.toLocaleDateString(undefined, { day: "numeric", month: "short" }),
    time,
  });
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
