import type { JobState } from "../../bindings";
import { STATE_LABELS } from "./jobText";

export function JobStateBadge({ state }: { state: JobState }) {
  return (
    <span className={`badge badge-${state.state}`} data-testid="job-state" data-state={state.state}>
      {STATE_LABELS[state.state]}
    </span>
  );
}
