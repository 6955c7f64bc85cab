import { useEffect, useState } from "react";

import type { DoctorCheck } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { SupportBundleOffer } from "../../components/SupportBundleOffer";
import { Spinner } from "../../components/Spinner";
import { runDoctor } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";

const STATUS_TEXT: Record<DoctorCheck["status"], string> = {
  ok: "All right",
  warning: "Could be better",
  problem: "Needs fixing",
  info: "Good to know",
};

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
        <h1 id="doctor-title">Doctor</h1>
        <button type="button" onClick={again} disabled={checking} data-testid="doctor-again">
          {checking ? "Checking…" : "Check again"}
        </button>
      </header>
      {failure && <ErrorNotice title="Could not check this computer." error={failure} testId="doctor-error" />}
      {checks === null && checking && <Spinner label="Checking this computer…" />}
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
                  <span className="doctor-badge">{STATUS_TEXT[c.status]}</span> {c.title}
                </p>
                <p>{c.summary}</p>
                {c.fix !== null && <p className="doctor-fix">What to do: {c.fix}</p>}
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
  const things = (n: number) => (n === 1 ? "1 thing" : `${String(n)} things`);
  const parts = [
    needsFixing > 0 ? `${things(needsFixing)} ${needsFixing === 1 ? "needs" : "need"} fixing` : null,
    couldBeBetter > 0 ? `${things(couldBeBetter)} could be better` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? "Nothing here stops or slows the jobs." : `${capitalize(parts.join(", "))}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
