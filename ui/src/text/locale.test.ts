import { afterEach, describe, expect, it } from "vitest";

import { formatApproxDuration, formatBytes, formatDuration, formatLocale } from "../lib/format";
import { activateText, en, t, textLocale, type Translation } from ".";
import { activateLocale } from "./locale";

afterEach(() => {
  activateText("en", en);
});

/** A German catalog with the words of a few durations translated, the rest English. */
const german: Translation = {
  ...en,
  format: {
    ...en.format,
    duration: {
      ...en.format.duration,
      days: { one: "{number} Tag", other: "{number} Tage" },
      about: "etwa {duration}",
    },
  },
};

describe("activateLocale", () => {
  it("writes numbers in the person's locale while the text stays English without a translation", () => {
    expect(activateLocale("de-DE")).toBe("en");
    expect(textLocale()).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(formatLocale()).toBe("de-DE");
    expect(formatBytes(1.5 * 2 ** 30)).toBe("1,5 GiB");
    expect(formatApproxDuration(2 * 3600 + 5 * 60)).toBe("about 2 h 5 min");
  });

  it("switches the text, the numbers and the page's language in one call", () => {
    expect(activateLocale("de-AT", { en, de: german })).toBe("de");
    expect(textLocale()).toBe("de");
    expect(document.documentElement.lang).toBe("de");
    expect(formatLocale()).toBe("de-AT");
    expect(formatApproxDuration(3 * 86400 + 4 * 3600)).toBe("etwa 3 Tage 4 h");
    expect(formatDuration(86400)).toBe("1 Tag");
    // What the translation leaves as English stays English.
    expect(t("common.cancel")).toBe("Cancel");
  });

  it("takes the translation of the exact tag first, and English for a language it has none of", () => {
    const swiss: Translation = { ...german, common: { ...en.common, cancel: "Abbrechen" } };
    expect(activateLocale("de_CH", { en, de: german, "de-CH": swiss })).toBe("de-CH");
    expect(t("common.cancel")).toBe("Abbrechen");
    expect(activateLocale("fr-FR", { en, de: german })).toBe("en");
    expect(formatLocale()).toBe("fr-FR");
    expect(formatDuration(86400)).toBe("1 day");
  });
});
