import { useId } from "react";

import type { JobStatus } from "../../bindings";
import { GoToPage } from "../../components/GoToPage";
import { ProgressBar } from "../../components/ProgressBar";
import { formatBytes, formatCount, formatPercent } from "../../lib/format";
import { t } from "../../text";
import { RichText } from "../../text/RichText";
import { JobActions } from "./JobActions";
import { JobStateBadge } from "./JobStateBadge";
import { FAILURE_HINTS, HOLD_PREFIX, speedLine, timeLine } from "./jobText";

interface JobCardProps {
  job: JobStatus;
  index: number;
  count: number;
  /** Names of processors by id, to show "NVIDIA H100" rather than "cuda:0". */
  providerNames: ReadonlyMap<string, string>;
}

export function JobCard({ job, index, count, providerNames }: JobCardProps) {
  const titleId = useId();
  const percent = formatPercent(job.labels_done, job.total_labels);
  const size = formatBytes((job.total_labels * job.label_bits) / 8);
  const providers = job.providers.map((id) => providerNames.get(id) ?? id).join(", ");

  return (
    <article
      className={`job-card job-${job.state.state}`}
      aria-labelledby={titleId}
      data-testid="job-card"
      data-job-id={job.id}
    >
      <header className="job-header">
        <h2 id={titleId}>{job.name}</h2>
        <JobStateBadge state={job.state} />
      </header>
      <p className="job-folder" title={job.dir}>
        {job.dir}
      </p>
      <div className="job-progress">
        <ProgressBar
          done={job.labels_done}
          total={job.total_labels}
          label={t("jobs.card.progressLabel", { name: job.name })}
        />
        <span className="job-percent" data-testid="job-percent">
          {percent}
        </span>
      </div>
      <dl className="job-facts">
        <div>
          <dt>{t("jobs.card.done")}</dt>
          <dd data-testid="job-labels">
            {t("jobs.card.labels", {
              done: formatCount(job.labels_done),
              total: formatCount(job.total_labels),
              size,
            })}
          </dd>
        </div>
        <div>
          <dt>{t("jobs.card.speed")}</dt>
          <dd data-testid="job-speed">{speedLine(job)}</dd>
        </div>
        <div>
          <dt>{t("jobs.card.time")}</dt>
          <dd data-testid="job-eta">{timeLine(job)}</dd>
        </div>
        {providers.length > 0 && (
          <div>
            <dt>
              {job.providers.length > 1
                ? t("jobs.card.processors.several")
                : t("jobs.card.processors.single")}
            </dt>
            <dd data-testid="job-providers">{providers}</dd>
          </div>
        )}
        {job.pow_solution !== null && (
          <div>
            <dt>{t("jobs.card.pow")}</dt>
            <dd>{t("jobs.card.powSolution", { solution: formatCount(job.pow_solution) })}</dd>
          </div>
        )}
      </dl>
      {job.waiting_for !== null && job.state.state === "running" && (
        <p className="notice notice-info" data-testid="job-pausing-after-file">
          {t("jobs.card.running", { reason: job.waiting_for })}
        </p>
      )}
      {job.waiting_for !== null && job.state.state === "queued" && <WaitingFor reason={job.waiting_for} />}
      {job.processors_off.length > 0 && (
        <div className="notice notice-warning" data-testid="job-processors-off">
          <p className="notice-title">{t("jobs.card.processorsOff", { count: job.processors_off.length })}</p>
          <ul>
            {job.processors_off.map((off) => (
              <li key={off.processor} data-testid="job-processor-off" data-provider-id={off.processor}>
                <RichText
                  text="jobs.card.processorOff"
                  params={{
                    processor: <strong>{providerNames.get(off.processor) ?? off.processor}</strong>,
                    reason: off.reason,
                  }}
                />
              </li>
            ))}
          </ul>
          <GoToPage
            page="processors"
            label={t("common.errorHints.openProcessors")}
            testId="job-processors-off-link"
          />
        </div>
      )}
      {job.state.state === "failed" && (
        <div
          className="notice notice-error"
          role="alert"
          data-testid="job-failure"
          data-kind={job.state.kind}
        >
          <p className="notice-title">{job.state.message}</p>
          <p className="notice-hint">{FAILURE_HINTS[job.state.kind]}</p>
        </div>
      )}
      <JobActions job={job} index={index} count={count} />
    </article>
  );
}

/** A pause rule's "paused: on battery" leads to the rules; anything else to the processors. */
function WaitingFor({ reason }: { reason: string }) {
  if (reason.startsWith(HOLD_PREFIX)) {
    return (
      <p className="notice notice-info" data-testid="job-waiting-for">
        {t("jobs.card.heldByRule", { reason: reason.slice(HOLD_PREFIX.length) })}{" "}
        <GoToPage page="settings" label={t("jobs.card.changeRules")} />
      </p>
    );
  }
  return (
    <p className="notice notice-info" data-testid="job-waiting-for">
      {t("jobs.card.waiting", { reason })}{" "}
      <GoToPage page="processors" label={t("common.errorHints.openProcessors")} />
    </p>
  );
}
