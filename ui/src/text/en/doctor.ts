// The Doctor page (ui/src/features/doctor/). The checks' titles, summaries and fixes come from
// the app (run_doctor) and are not here.
export const doctor = {
  title: "Doctor",
  again: "Check again",
  checking: "Checking…",
  loading: "Checking this computer…",
  failed: "Could not check this computer.",
  status: {
    ok: "All right",
    warning: "Could be better",
    problem: "Needs fixing",
    info: "Good to know",
  },
  summary: {
    nothing: "Nothing here stops or slows the jobs.",
    needFixing: { one: "{count} thing needs fixing", other: "{count} things need fixing" },
    couldBeBetter: { one: "{count} thing could be better", other: "{count} things could be better" },
    /** The summary line with one of the two parts above. */
    one: "{part}.",
    /** The summary line with both parts above. */
    both: "{needFixing}, {couldBeBetter}.",
  },
  fix: "What to do: {fix}",
} as const;
