import { afterEach, describe, expect, it } from "vitest";

import { activateText, en, isPluralMessage, placeholdersOf, t, textLocale, type Translation } from ".";
import { messagesOf, placeholderProblems } from "./check";

afterEach(() => {
  activateText("en", en);
});

/** What is left of a form once its `{name}` placeholders are taken out: no brace may remain. */
function strayBraces(form: string): string[] {
  return form.replace(/\{\w+\}/g, "").match(/[{}]/g) ?? [];
}

describe("t()", () => {
  it("returns a plain message as it is", () => {
    expect(t("settings.app.closeToTray.label")).toBe("Keep running when the window is closed");
  });

  it("puts in every placeholder by name", () => {
    expect(t("processors.takenOff", { job: "Disk A", reason: "the driver stopped" })).toBe(
      "Taken off “Disk A”: the driver stopped",
    );
    expect(t("processors.intro", { n: 512, bits: 8 })).toBe(
      "Speeds are measured with the default parameters from Settings (N = 512, 8-bit labels). New jobs can only use processors that are turned on.",
    );
  });

  it("writes numbers as plain digits", () => {
    expect(t("common.problems.n", { min: 2, max: 1048576, example: 512 })).toBe(
      "N must be a power of two from 2 to 1048576, such as 512.",
    );
  });

  it("picks the English plural form by count", () => {
    expect(t("notices.quit.running", { count: 1 })).toMatch(/^1 job is running\./);
    expect(t("notices.quit.running", { count: 2 })).toMatch(/^2 jobs are running\./);
    expect(t("notices.quit.running", { count: 0 })).toMatch(/^0 jobs are running\./);
    expect(t("about.system.processorValue", { model: "Ryzen", count: 1 })).toBe("Ryzen, 1 core");
    expect(t("about.system.processorValue", { model: "Ryzen", count: 16 })).toBe("Ryzen, 16 cores");
  });

  it("picks plural forms with the rules of the active locale", () => {
    const polish: Translation = {
      ...en,
      notices: {
        ...en.notices,
        quit: {
          ...en.notices.quit,
          running: {
            one: "{count} zadanie",
            few: "{count} zadania",
            many: "{count} zadań",
            other: "{count} zadania",
          },
        },
      },
    };
    activateText("pl", polish);
    expect(textLocale()).toBe("pl");
    expect(t("notices.quit.running", { count: 1 })).toBe("1 zadanie");
    expect(t("notices.quit.running", { count: 3 })).toBe("3 zadania");
    expect(t("notices.quit.running", { count: 5 })).toBe("5 zadań");
    expect(t("notices.quit.running", { count: 22 })).toBe("22 zadania");
  });

  it("falls back to English for a message a translation leaves empty", () => {
    const partial: Translation = { ...en, common: { ...en.common, tryAgain: "" } };
    activateText("de", partial);
    expect(t("common.tryAgain")).toBe("Try again");
  });

  it("leaves a placeholder without a value in view", () => {
    // Only a caller that went around the types can do this; the gap must show, not vanish.
    const unchecked = t as (key: string, params?: object) => string;
    expect(unchecked("common.supportBundle.saved", {})).toBe("Saved to {path}.");
  });

  it("checks keys and params when compiling", () => {
    // Each line below must fail to compile (tsc runs over the tests in `npm run ui:build`).
    // @ts-expect-error: no such key
    expect(t("settings.closeToTray")).toBe("settings.closeToTray");
    // @ts-expect-error: a message with placeholders needs its params
    t("processors.takenOff");
    // @ts-expect-error: `reason` is missing
    t("processors.takenOff", { job: "A" });
    // @ts-expect-error: `jobName` is not a placeholder of this message
    t("processors.takenOff", { jobName: "A", reason: "B" });
    // @ts-expect-error: a plural's count is a number
    t("notices.quit.running", { count: "2" });
    // @ts-expect-error: a message without placeholders takes no params
    t("common.tryAgain", { count: 1 });
  });
});

describe("checking a translation", () => {
  it("finds a placeholder left out or renamed", () => {
    const wrong: Translation = {
      ...en,
      about: {
        ...en.about,
        help: { ...en.about.help, bundleSaved: "Gespeichert." },
        updates: { ...en.about.updates, whatIsNew: "Neu in {versoin}" },
      },
    };
    expect(placeholderProblems(wrong)).toEqual([
      "about.help.bundleSaved: {path} missing",
      "about.updates.whatIsNew: {version} missing",
      "about.updates.whatIsNew: {versoin} is not English's",
    ]);
  });

  it("lets a plural form write the number in words, and finds nothing wrong with English", () => {
    const words: Translation = {
      ...en,
      app: { ...en.app, nav: { ...en.app.nav, running: { one: "eins läuft", other: "{count} laufen" } } },
    };
    expect(placeholderProblems(words)).toEqual([]);
    expect(placeholderProblems(en)).toEqual([]);
  });
});

describe("the English catalog", () => {
  const messages = messagesOf(en);

  it("has many messages, each a non-empty string or plural forms with `other`", () => {
    expect(messages.length).toBeGreaterThan(100);
    for (const [key, message] of messages) {
      if (typeof message === "string") {
        expect(message.trim(), key).not.toBe("");
      } else {
        expect(isPluralMessage(message), key).toBe(true);
        for (const form of Object.values(message as object) as string[])
          expect(form.trim(), key).not.toBe("");
      }
    }
  });

  it("has no message with a stray or unbalanced brace", () => {
    for (const [key, message] of messages) {
      const forms = typeof message === "string" ? [message] : (Object.values(message as object) as string[]);
      for (const form of forms) expect(strayBraces(form), `${key}: ${form}`).toEqual([]);
    }
  });

  it("gives every plural message a count in its `other` form, as it is or formatted", () => {
    for (const [key, message] of messages) {
      if (!isPluralMessage(message)) continue;
      const names = placeholdersOf({ other: message.other });
      expect(names.includes("count") || names.includes("number"), `${key}: ${message.other}`).toBe(true);
    }
  });

  it("has no group that looks like plural forms without `other`", () => {
    const categories = ["zero", "one", "two", "few", "many", "other"];
    const groups = (group: object, key: string): [string, object][] => [
      [key, group],
      ...Object.entries(group).flatMap(([name, value]) =>
        typeof value === "object" && value !== null && !isPluralMessage(value)
          ? groups(value as object, `${key}.${name}`)
          : [],
      ),
    ];
    for (const [key, group] of groups(en, "en")) {
      expect(
        Object.keys(group).every((name) => categories.includes(name)),
        key,
      ).toBe(false);
    }
  });

  it("finds the placeholders of a message", () => {
    expect(placeholdersOf("{a} of {b}, {a} again")).toEqual(["a", "b"]);
    expect(placeholdersOf({ one: "{count} core", other: "{model}, {count} cores" })).toEqual([
      "count",
      "model",
    ]);
    expect(strayBraces("{count} of {total")).toEqual(["{"]);
    expect(strayBraces("a } b")).toEqual(["}"]);
  });
});
