import { useCallback, useRef, useState } from "react";

import { describeError, type FailureInfo } from "../platform/errors";

export interface CommandProblem {
  /** What was being done, as a sentence: "Could not pause the job." */
  title: string;
  error: FailureInfo;
}

/**
 * Runs one command at a time for a component: `busy` names the one running (so its button can
 * say so and nothing is sent twice), `problem` holds the last failure until the next run.
 */
export function useCommand() {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<CommandProblem | null>(null);
  const running = useRef(false);

  const run = useCallback(
    async <T>(name: string, failureTitle: string, command: () => Promise<T>): Promise<T | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(name);
      setProblem(null);
      try {
        return await command();
      } catch (error) {
        setProblem({ title: failureTitle, error: describeError(error) });
        return undefined;
      } finally {
        running.current = false;
        setBusy(null);
      }
    },
    [],
  );

  const dismiss = useCallback(() => {
    setProblem(null);
  }, []);

  return { busy, problem, run, dismiss };
}
