import { render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { STATE_LABELS } from "../features/jobs/jobText";
import { WIZARD_STEPS } from "../features/setup/wizardModel";
import { hex64Problem } from "../lib/hex";
import { activateText, en, type Translation } from ".";
import { RichText } from "./RichText";

afterEach(() => {
  activateText("en", en);
});

describe("RichText", () => {
  it("puts an element where the message names it, and text params as text", () => {
    const { container } = render(
      <p>
        <RichText text="jobs.finished.where" params={{ dir: <span className="path">/mnt/pos</span> }} />
      </p>,
    );
    expect(container.textContent).toBe(
      "It is in /mnt/pos. Leave the folder where it is and keep its files together; Open folder shows it.",
    );
    expect(container.querySelector("p > span.path")?.textContent).toBe("/mnt/pos");
  });

  it("follows the translation's order of the parts", () => {
    activateText("de", {
      ...en,
      setup: {
        ...en.setup,
        folder: { ...en.setup.folder, space: "Auf dieser Platte von {total}: {free}." },
      },
    } satisfies Translation);
    const { container } = render(
      <p>
        <RichText
          text="setup.folder.space"
          params={{ free: <strong>20 GiB frei</strong>, total: "64 GiB" }}
        />
      </p>,
    );
    expect(container.textContent).toBe("Auf dieser Platte von 64 GiB: 20 GiB frei.");
    expect(container.querySelector("strong")?.textContent).toBe("20 GiB frei");
  });
});

describe("text read when it is shown", () => {
  it("gives tables of words and step titles from the active translation", () => {
    expect(STATE_LABELS.cancelled).toBe("Aborted");
    expect(WIZARD_STEPS.map((step) => step.title)).toEqual([
      "Folder",
      "Size",
      "Processor",
      "Identity",
      "Summary",
    ]);
    activateText("de", {
      ...en,
      jobs: { ...en.jobs, state: { ...en.jobs.state, cancelled: "Abgebrochen" } },
      setup: { ...en.setup, steps: { ...en.setup.steps, folder: "Ordner" } },
    } satisfies Translation);
    expect(STATE_LABELS.cancelled).toBe("Abgebrochen");
    expect(WIZARD_STEPS[0]?.title).toBe("Ordner");
  });

  it("gives each 64-digit value its own sentences, with the digit count's plural", () => {
    expect(hex64Problem("a", "salt")).toBe("The salt has 1 digit; it needs exactly 64.");
    expect(hex64Problem("ab", "difficulty")).toBe("The difficulty has 2 digits; it needs exactly 64.");
    expect(hex64Problem(" ", "id")).toBe("The id is empty. Paste the 64 hexadecimal digits (0-9, a-f).");
    expect(hex64Problem("0xg1", "id")).toBe(
      'The id contains "g", which is not a hexadecimal digit. Use only 0-9 and a-f.',
    );
  });
});
