import { useEffect, useState } from "react";

import type { DoctorCheck } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { SupportBundleOffer } from "../../components/SupportBundleOffer";
import { Spinner } from "../../components/Spinner";
import { runDoctor } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
import { t } from "../../text";

/**
 * "Doctor": what could stop or slow the jobs on this computer (OpenCL, GPU drivers, the GPU
 * library, memory, each job's folder, sleep, the pause rules), each with what to do about it.
 */
export function DoctorPage() {
  const [checks, setChecks] = useState<DoctorCheck[] | null>(null);
  const [failure, setFailure] = useState<FailureInfo | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    let active = true;
    runDoctor().then(
      (found) => {
        if (!active) return;
        setChecks(found);
        setFailure(null);
        setChecking(false);
      },
      (error: unknown) => {
        if (!active) return;
        setFailure(describeError(error));
        setChecking(false);
      },
    );
    return () => {
      active = false;
    };
  }, [attempt]);

  function again() {
    setChecking(true);
    setAttempt((n) => n + 1);
  }

  const needsFixing = checks?.filter((c) => c.status === "problem").length ?? 0;
  const couldBeBetter = checks?.filter((c) => c.status === "warning").length ?? 0;

  return (
    <section className="page" aria-labelledby="doctor-title">
      <header className="page-header">
        <h1 id="doctor-title">{t("doctor.title")}</h1>
        <button type="button" onClick={again} disabled={checking} data-testid="doctor-again">
          {checking ? t("doctor.checking") : t("doctor.again")}
        </button>
      </header>
      {failure && <ErrorNotice title={t("doctor.failed")} error={failure} testId="doctor-error" />}
      {checks === null && checking && <Spinner label={t("doctor.loading")} />}
      {checks !== null && (
        <>
          <p className="doctor-summary" role="status" data-testid="doctor-summary">
            {summaryLine(needsFixing, couldBeBetter)}
          </p>
          <ul className="doctor-checks">
            {checks.map((c, index) => (
              <li
                key={`${c.id}-${String(index)}`}
                className={`doctor-check doctor-${c.status}`}
                data-testid="doctor-check"
                data-check={c.id}
                data-status={c.status}
              >
                <p className="doctor-check-title">
                  <span className="doctor-badge">{t(`doctor.status.${c.status}`)}</span> {c.title}
                </p>
                <p>{c.summary}</p>
                {c.fix !== null && <p className="doctor-fix">{t("doctor.fix", { fix: c.fix })}</p>}
              </li>
            ))}
          </ul>
          <SupportBundleOffer code="internal" />
        </>
      )}
    </section>
  );
}

/** "1 thing needs fixing, 2 things could be better.", leaving out what is zero. */
function summaryLine(needsFixing: number, couldBeBetter: number): string {
  const fixing = t("doctor.summary.needFixing", { count: needsFixing });
  const better = t("doctor.summary.couldBeBetter", { count: couldBeBetter });
  if (needsFixing > 0 && couldBeBetter > 0) {
    return t("doctor.summary.both", { needFixing: fixing, couldBeBetter: better });
  }
  if (needsFixing > 0) return t("doctor.summary.one", { part: fixing });
  if (couldBeBetter > 0) return t("doctor.summary.one", { part: better });
  return t("doctor.summary.nothing");
}
