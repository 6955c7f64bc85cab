import { describe, expect, it } from "vitest";

import { setFormatLocale } from "../../lib/format";
import { fixtures } from "../../platform/testing/fixtures";
import { formProblems, fromForm, toForm } from "./settingsForm";

const GIB = 2 ** 30;

describe("settings form", () => {
  it("shows the largest file size with the locale's decimal separator and saves what is typed", () => {
    const settings = fixtures.settings({ default_max_file_bytes: 1.5 * GIB });
    expect(toForm(settings).defaultMaxFileGib).toBe("1.5");

    setFormatLocale("de-DE");
    const form = toForm(settings);
    expect(form.defaultMaxFileGib).toBe("1,5");
    expect(formProblems(form).defaultMaxFileGib).toBeUndefined();
    expect(fromForm({ ...form, defaultMaxFileGib: "2,25" }, settings).default_max_file_bytes).toBe(
      2.25 * GIB,
    );
    expect(fromForm({ ...form, defaultMaxFileGib: "2.25" }, settings).default_max_file_bytes).toBe(
      2.25 * GIB,
    );
    expect(formProblems({ ...form, defaultMaxFileGib: "2,2,5" }).defaultMaxFileGib).toMatch(
      /largest file size/,
    );
  });
});
