// The words of sizes, speeds and durations (ui/src/lib/format.ts). The numbers in them come
// formatted in the person's locale ("1.5", "1,5"): in a plural message `{number}` is `count`
// formatted, and `count` picks the form. A message with only an `other` form has one form in
// English (an abbreviation such as "min") but is plural, so a language whose unit changes with
// the number can add its forms.
export const format = {
  /** Sizes in binary units, as the size input counts them. */
  size: {
    bytes: { one: "{number} byte", other: "{number} bytes" },
    kib: "{value} KiB",
    mib: "{value} MiB",
    gib: "{value} GiB",
    tib: "{value} TiB",
    pib: "{value} PiB",
  },
  /** Speeds: labels a second, and the data they make a second. */
  rate: {
    labels: { one: "{number} label/s", other: "{number} labels/s" },
    millionLabels: { other: "{number} million labels/s" },
    billionLabels: { other: "{number} billion labels/s" },
    /** A speed above 0 that would round to 0. */
    underOneLabel: "less than 1 label/s",
    bytes: { one: "{number} byte/s", other: "{number} bytes/s" },
    kib: "{value} KiB/s",
    mib: "{value} MiB/s",
  },
  /** Durations a person reads at a glance: "12 min", "2 h 5 min", "3 days 4 h". */
  duration: {
    /** A time that cannot be computed (no speed yet, or an endless one). */
    veryLong: "a very long time",
    underAMinute: "less than a minute",
    minutes: { other: "{number} min" },
    hours: { other: "{number} h" },
    days: { one: "{number} day", other: "{number} days" },
    /** Two of the units above, the larger first: "2 h 5 min", "3 days 4 h". */
    twoUnits: "{larger} {smaller}",
    /** A duration that is an estimate. */
    about: "about {duration}",
  },
} as const;
