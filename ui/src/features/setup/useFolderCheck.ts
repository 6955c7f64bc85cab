import { useCallback, useEffect, useState } from "react";

import type { FolderCheck } from "../../bindings";
import { folderInfo } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";

export type FolderCheckState =
  | { status: "idle" }
  | { status: "checking" }
  | { status: "done"; info: FolderCheck }
  | { status: "failed"; error: FailureInfo };

type Answer = { status: "done"; info: FolderCheck } | { status: "failed"; error: FailureInfo };

/** Wait after the last keystroke before asking, so typing a path does not ask at every letter. */
const TYPING_PAUSE_MS = 350;

/**
 * The engine's check of the folder at `path` (free space, write access, file system), asked again
 * whenever it changes.
 */
export function useFolderCheck(path: string): { check: FolderCheckState; recheck: () => void } {
  const wanted = path.trim();
  const [answer, setAnswer] = useState<{ path: string; attempt: number; answer: Answer } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (wanted.length === 0) return undefined;
    let active = true;
    const timer = window.setTimeout(() => {
      folderInfo(wanted).then(
        (info) => {
          if (active) setAnswer({ path: wanted, attempt, answer: { status: "done", info } });
        },
        (error: unknown) => {
          if (active) {
            setAnswer({ path: wanted, attempt, answer: { status: "failed", error: describeError(error) } });
          }
        },
      );
    }, TYPING_PAUSE_MS);
    return () => {
      active = false;
      window.clearTimeout(timer);
    };
  }, [wanted, attempt]);

  const recheck = useCallback(() => {
    setAttempt((count) => count + 1);
  }, []);

  let check: FolderCheckState;
  if (wanted.length === 0) check = { status: "idle" };
  else if (answer?.path === wanted && answer.attempt === attempt) check = answer.answer;
  else check = { status: "checking" };
  return { check, recheck };
}
