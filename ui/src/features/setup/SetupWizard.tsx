import { useEffect, useMemo, useRef, useState } from "react";

import type { AppSettings } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { toGibText } from "../../lib/format";
import { useCommand } from "../../lib/useCommand";
import { addJob } from "../../platform/api";
import { t } from "../../text";
import { useJobs } from "../jobs/JobsContext";
import { useProviderSpeeds } from "../processors/ProviderSpeedsContext";
import { useProviders } from "../processors/useProviders";
import { FolderStep } from "./FolderStep";
import { IdentityStep } from "./IdentityStep";
import { combinedSpeed, defaultProviderIds } from "./processorChoice";
import { ProcessorStep } from "./ProcessorStep";
import { SizeStep } from "./SizeStep";
import { SummaryStep } from "./SummaryStep";
import { useFolderCheck } from "./useFolderCheck";
import {
  buildJobRequest,
  DEFAULT_SIZE_SHARE,
  effectiveLabelBits,
  effectiveN,
  folderProblem,
  gibToBytes,
  hasProblems,
  identityProblems,
  initialDraft,
  labelsFor,
  nameProblem,
  sizeProblem,
  WIZARD_STEPS,
  type WizardDraft,
  type WizardStep,
} from "./wizardModel";

interface SetupWizardProps {
  settings: AppSettings;
  /** Called with nothing once the job was added. */
  onDone: () => void;
}

/** "New job": folder, size, processor, identity, then a summary and Start. */
export function SetupWizard({ settings, onDone }: SetupWizardProps) {
  const [draft, setDraft] = useState<WizardDraft>(() => initialDraft(settings));
  const [step, setStep] = useState<WizardStep>("folder");
  /** Steps where Next was pressed, so their empty fields show errors too. */
  const [attempted, setAttempted] = useState<ReadonlySet<WizardStep>>(() => new Set());
  /** Set after "Change" on the summary: Next goes straight back to it. */
  const [returnToSummary, setReturnToSummary] = useState(false);
  const { check, recheck } = useFolderCheck(draft.folder);
  const providers = useProviders();
  const { measurementOf, measure } = useProviderSpeeds();
  const { applyJob } = useJobs();
  const submit = useCommand();
  const heading = useRef<HTMLHeadingElement>(null);

  const n = effectiveN(draft);
  const bits = effectiveLabelBits(draft);
  const folderInfo = check.status === "done" ? check.info : null;
  const totalLabels = labelsFor(gibToBytes(draft.sizeGib) ?? 0, bits);

  const allProviders = useMemo(
    () => (providers.load.status === "ready" ? providers.load.view.providers : []),
    [providers.load],
  );
  const offered = useMemo(
    () => allProviders.filter((provider) => !settings.disabled_providers.includes(provider.id)),
    [allProviders, settings.disabled_providers],
  );
  const measured = (id: string) => measurementOf(id, n, bits);
  const selectedIds = (draft.providerIds ?? defaultProviderIds(offered, measured)).filter((id) =>
    offered.some((provider) => provider.id === id),
  );
  const selectedKey = selectedIds.join("\n");

  // The summary's estimate needs speeds for the final N and label size: measure if missing.
  useEffect(() => {
    if (step !== "summary") return;
    const ids = selectedKey.split("\n").filter((id) => id.length > 0);
    if (ids.length > 0) measure(ids, n, bits);
  }, [step, selectedKey, n, bits, measure]);

  // The size step shows the time too: measure what the processor step would offer, so the
  // fastest is known (the processor step then finds the measurements done).
  const offeredKey = offered.map((provider) => provider.id).join("\n");
  useEffect(() => {
    if (step !== "size") return;
    const ids = offeredKey.split("\n").filter((id) => id.length > 0);
    if (ids.length > 0) measure(ids, n, bits);
  }, [step, offeredKey, n, bits, measure]);

  // Move focus to the new step's title, so keyboard and screen-reader users start there.
  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  function update(patch: Partial<WizardDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
  }

  function stepIsValid(target: WizardStep): boolean {
    switch (target) {
      case "folder":
        return folderInfo !== null && folderProblem(draft.folder, folderInfo) === null;
      case "size":
        return sizeProblem(draft.sizeGib, folderInfo, bits) === null;
      case "processor":
        return selectedIds.length > 0;
      case "identity":
        return !hasProblems(identityProblems(draft));
      case "summary":
        return nameProblem(draft) === null;
    }
  }

  const index = WIZARD_STEPS.findIndex(({ id }) => id === step);
  const title = WIZARD_STEPS[index]?.title ?? "";

  function goTo(target: WizardStep) {
    submit.dismiss();
    setStep(target);
  }

  /** Shows `target` with its problems marked. */
  function showProblemsOf(target: WizardStep) {
    setAttempted((current) => new Set(current).add(target));
    goTo(target);
  }

  /** The first step before the summary that is not valid, if any. */
  function firstInvalidStep(): WizardStep | undefined {
    return WIZARD_STEPS.find(({ id }) => id !== "summary" && !stepIsValid(id))?.id;
  }

  function next() {
    if (!stepIsValid(step)) {
      showProblemsOf(step);
      return;
    }
    if (step === "processor") update({ providerIds: selectedIds });
    // A size to start from, so the size step's Next works at once: half the free space.
    if (step === "folder" && draft.sizeGib.trim() === "" && folderInfo !== null)
      update({ sizeGib: toGibText((folderInfo.free_bytes * DEFAULT_SIZE_SHARE) / 100) });
    const following = WIZARD_STEPS[index + 1];
    if (returnToSummary || !following) {
      // A change may have made a later step invalid (a new folder with less space): go there.
      const invalid = firstInvalidStep();
      if (invalid !== undefined && invalid !== step) showProblemsOf(invalid);
      else goTo("summary");
    } else {
      goTo(following.id);
    }
  }

  function back() {
    const previous = WIZARD_STEPS[index - 1];
    if (previous) goTo(previous.id);
  }

  function edit(target: WizardStep) {
    setReturnToSummary(true);
    goTo(target);
  }

  async function start() {
    const invalid = firstInvalidStep();
    if (invalid !== undefined) {
      showProblemsOf(invalid);
      return;
    }
    if (nameProblem(draft) !== null) {
      showProblemsOf("summary");
      return;
    }
    const job = await submit.run("start", t("setup.startFailed"), () =>
      addJob(buildJobRequest(draft, selectedIds, folderInfo)),
    );
    if (job) {
      applyJob(job);
      onDone();
    }
  }

  const showErrors = attempted.has(step);
  // The size and later steps need the folder's free space; it is known once the folder step passed.
  const needsFolder = step !== "folder" && folderInfo === null;

  return (
    <section className="page wizard" aria-labelledby="wizard-title" data-testid="wizard">
      <header className="page-header">
        <h1 id="wizard-title">{t("setup.title")}</h1>
      </header>
      <ol className="wizard-steps" aria-label={t("setup.stepsLabel")}>
        {WIZARD_STEPS.map(({ id, title: stepTitle }, position) => (
          <li
            key={id}
            className={position < index ? "done" : position === index ? "current" : ""}
            aria-current={position === index ? "step" : undefined}
          >
            <span className="wizard-step-number" aria-hidden="true">
              {position + 1}
            </span>
            {stepTitle}
          </li>
        ))}
      </ol>
      <div className="wizard-body" data-testid={`wizard-step-${step}`}>
        <h2 ref={heading} tabIndex={-1}>
          {t("setup.stepHeading", { number: index + 1, total: WIZARD_STEPS.length, title })}
        </h2>
        {needsFolder ? (
          <Spinner label={t("setup.checkingFolder")} />
        ) : (
          <>
            {step === "folder" && (
              <FolderStep
                folder={draft.folder}
                onFolderChange={(folder) => {
                  update({ folder });
                }}
                check={check}
                onRecheck={recheck}
                showErrors={showErrors}
              />
            )}
            {step === "size" && folderInfo && (
              <SizeStep
                sizeGib={draft.sizeGib}
                onSizeChange={(sizeGib) => {
                  update({ sizeGib });
                }}
                info={folderInfo}
                labelBits={bits}
                showErrors={showErrors}
                processors={offered.filter((provider) => selectedIds.includes(provider.id))}
                speed={combinedSpeed(selectedIds, measured)}
              />
            )}
            {step === "processor" && (
              <ProcessorStep
                providers={providers.load}
                onReloadProviders={providers.reload}
                offered={offered}
                turnedOff={allProviders.length - offered.length}
                selectedIds={selectedIds}
                onSelectedChange={(providerIds) => {
                  update({ providerIds });
                }}
                n={n}
                bits={bits}
                totalLabels={totalLabels}
                showErrors={showErrors}
              />
            )}
            {step === "identity" && <IdentityStep draft={draft} onChange={update} showErrors={showErrors} />}
            {step === "summary" && folderInfo && (
              <SummaryStep
                draft={draft}
                onChange={update}
                onEdit={edit}
                folder={folderInfo}
                providers={offered.filter((provider) => selectedIds.includes(provider.id))}
                n={n}
                bits={bits}
                speed={combinedSpeed(selectedIds, measured)}
                showErrors={showErrors}
              />
            )}
          </>
        )}
        {submit.problem && (
          <ErrorNotice
            title={submit.problem.title}
            error={submit.problem.error}
            hint={t("setup.startFailedHint")}
            testId="wizard-error"
          />
        )}
      </div>
      <footer className="wizard-footer">
        {index > 0 && (
          <button type="button" onClick={back} disabled={submit.busy !== null} data-testid="wizard-back">
            {t("setup.back")}
          </button>
        )}
        <span className="wizard-footer-spacer" />
        {step === "summary" ? (
          <button
            type="button"
            className="primary large"
            onClick={() => void start()}
            disabled={submit.busy !== null}
            data-testid="wizard-start"
          >
            {submit.busy !== null ? t("setup.starting") : t("setup.start")}
          </button>
        ) : (
          <button type="button" className="primary" onClick={next} data-testid="wizard-next">
            {returnToSummary ? t("setup.backToSummary") : t("setup.next")}
          </button>
        )}
      </footer>
    </section>
  );
}
