import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useState,
  type ReactNode,
} from "react";

import type { JobStatus } from "../../bindings";
import { listJobs } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
import {
  onJobAdded,
  onJobChanged,
  onJobProgress,
  onJobRemoved,
  onJobsReordered,
} from "../../platform/events";
import { initialJobsState, jobsReducer, type JobsState } from "./jobsReducer";

type JobsLoad = { status: "loading" } | { status: "ready" } | { status: "failed"; error: FailureInfo };

interface JobsContextValue extends JobsState {
  load: JobsLoad;
  reload: () => void;
  /** Shows a job as a command returned it, before its event arrives. */
  applyJob: (job: JobStatus) => void;
  applyRemoval: (id: number) => void;
  applyOrder: (order: number[]) => void;
}

const JobsContext = createContext<JobsContextValue | null>(null);

/**
 * Keeps the job list for the whole window, so progress and the throughput history continue
 * while another page is open.
 */
export function JobsProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(jobsReducer, initialJobsState);
  const [load, setLoad] = useState<JobsLoad>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    const unsubscribes: (() => void)[] = [];
    // Each listener is stopped on unmount, even when another one failed to start.
    const track = (subscription: Promise<() => void>) =>
      subscription.then((stop) => {
        if (active) unsubscribes.push(stop);
        else stop();
      });
    // Listen first, then list: no change between the two is lost.
    Promise.all([
      track(
        onJobAdded((job) => {
          dispatch({ type: "upserted", job, at: Date.now() });
        }),
      ),
      track(
        onJobChanged((job) => {
          dispatch({ type: "upserted", job, at: Date.now() });
        }),
      ),
      track(
        onJobRemoved((id) => {
          dispatch({ type: "removed", id, at: Date.now() });
        }),
      ),
      track(
        onJobProgress((progress) => {
          dispatch({ type: "progressed", progress, at: Date.now() });
        }),
      ),
      track(
        onJobsReordered((order) => {
          dispatch({ type: "reordered", order });
        }),
      ),
    ])
      .then(() => {
        if (!active) return null;
        return listJobs();
      })
      .then(
        (jobs) => {
          if (!active || !jobs) return;
          dispatch({ type: "listed", jobs, at: Date.now() });
          setLoad({ status: "ready" });
        },
        (error: unknown) => {
          if (active) setLoad({ status: "failed", error: describeError(error) });
        },
      );
    return () => {
      active = false;
      unsubscribes.forEach((stop) => {
        stop();
      });
    };
  }, [attempt]);

  const reload = useCallback(() => {
    setLoad({ status: "loading" });
    setAttempt((count) => count + 1);
  }, []);
  const applyJob = useCallback((job: JobStatus) => {
    dispatch({ type: "upserted", job, at: Date.now() });
  }, []);
  const applyRemoval = useCallback((id: number) => {
    dispatch({ type: "removed", id, at: Date.now() });
  }, []);
  const applyOrder = useCallback((order: number[]) => {
    dispatch({ type: "reordered", order });
  }, []);

  const value = useMemo(
    () => ({ ...state, load, reload, applyJob, applyRemoval, applyOrder }),
    [state, load, reload, applyJob, applyRemoval, applyOrder],
  );
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsContextValue {
  const value = useContext(JobsContext);
  if (!value) throw new Error("useJobs needs a JobsProvider above it");
  return value;
}
