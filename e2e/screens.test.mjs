// The screens a new user meets, in the light and the dark theme and at the two window sizes
// that matter (1280x800, the window's default, and 1024x700, the smallest it allows): every
// setup step, the dashboard with a job on two processors (the CPU and a graphics card of the
// fake gpu-post library), and a finished job. axe-core, colour contrast included, finds
// nothing on any of them. The first job takes the folder the app suggests and the processor
// it chooses; only the id is typed (and a tiny size, where a person keeps the pre-filled one,
// so that the test does not fill half a disk).
//
// Screenshots: e2e/artifacts/screens-<theme>-<width>x<height>-<screen>.png.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  FAKE_GPU_LIBRARY,
  POS,
  ROOT,
  TINY_GIB,
  assertAccessible,
  assertDataMatchesPosCompute,
  byId,
  chooseProcessors,
  closeApp,
  fakeGpuEnv,
  jobCard,
  next,
  openApp,
  profileEnv,
  session,
  shot,
  startDriver,
  stopDriver,
  typeInto,
  waitForState,
} from "./support.mjs";

const APP = resolve(process.env.POS_DESKTOP_BIN ?? join(ROOT, "target/debug/pos-desktop"));
const SIZES = [
  [1280, 800],
  [1024, 700],
];
const ID_FIRST = "e5".repeat(32);
const ID_TWO = "f6".repeat(32);
const GPU = "gpu-post:0";

/** Screenshots and an axe run of the window as it is now, at each size; back to the first. */
async function look(theme, screen) {
  for (const [width, height] of SIZES) {
    await session().setWindowSize(width, height);
    await session().waitUntil(async () => (await session().execute(() => window.innerWidth)) <= width, {
      timeout: 5000,
      timeoutMsg: `the window did not become ${width} wide`,
    });
    await shot(`screens-${theme}-${width}x${height}-${screen}`);
    await assertAccessible(`${theme}-${width}x${height}-${screen}`);
  }
  const [width, height] = SIZES[0];
  await session().setWindowSize(width, height);
}

for (const theme of ["light", "dark"]) {
  describe(`the ${theme} theme`, () => {
    const work = mkdtempSync(join(tmpdir(), `pos-screens-${theme}-`));
    let driver;
    let suggested = null;
    let suggestedExisted = true;

    before(async () => {
      for (const file of [APP, POS, FAKE_GPU_LIBRARY]) assert.ok(existsSync(file), `${file} is missing: build it first`);
      const env = { ...profileEnv(join(work, "profile")), ...fakeGpuEnv(0) };
      // WebKitGTK follows the GTK theme for prefers-color-scheme.
      if (theme === "dark") env.GTK_THEME = "Adwaita:dark";
      driver = await startDriver(env);
      await openApp(APP);
      const dark = await session().execute(() => window.matchMedia("(prefers-color-scheme: dark)").matches);
      assert.equal(dark, theme === "dark", `the window is not in the ${theme} theme`);
    });

    after(async () => {
      await closeApp();
      if (driver) await stopDriver(driver);
      rmSync(work, { recursive: true, force: true });
      // The first job went where the app suggested; take away what the test made there.
      if (suggested !== null && !suggestedExisted) rmSync(suggested, { recursive: true, force: true });
    });

    test("the first job takes the suggested folder and the chosen processor; every step is accessible", async () => {
      await byId("jobs-empty").waitForDisplayed();
      await look(theme, "0-dashboard-empty");
      await byId("jobs-empty-new-job").click();

      // Step 1: the folder is filled in on the disk with the most room, its disk chosen.
      const input = byId("folder-input");
      await session().waitUntil(async () => (await input.getValue()).length > 0, {
        timeout: 15_000,
        timeoutMsg: "no folder was suggested",
      });
      suggested = await input.getValue();
      suggestedExisted = existsSync(suggested);
      assert.match(suggested, /[\\/]PoS$/);
      await session().$('[data-testid="folder-status"][data-status="ok"]').waitForDisplayed({ timeout: 15_000 });
      const chosen = await session().$$('[data-testid="disk-choice-input"]');
      let checked = 0;
      for (let i = 0; i < chosen.length; i += 1) if (await chosen[i].isSelected()) checked += 1;
      assert.equal(checked, 1, "the suggested folder's disk is the one chosen");
      const nextAt = await byId("wizard-next").getLocation();
      await look(theme, "1-folder");
      await next("folder");

      // Step 2: a size is filled in already; Next stays where it was on the folder step.
      await byId("size-labels").waitForDisplayed();
      assert.notEqual(await byId("size-input").getValue(), "", "the size step starts with a size");
      assert.deepEqual(await byId("wizard-next").getLocation(), nextAt, "Next moved between steps");
      await typeInto("size-input", TINY_GIB);
      await byId("size-estimate").waitForDisplayed();
      await look(theme, "2-size");
      await next("size");

      // Step 3: the wizard has chosen (the fastest after measuring each).
      await byId("provider-card").waitForDisplayed({ timeout: 30_000 });
      await session().waitUntil(
        async () => {
          const boxes = await session().$$('[data-testid="provider-select"]');
          for (let i = 0; i < boxes.length; i += 1) if (await boxes[i].isSelected()) return true;
          return false;
        },
        { timeout: 30_000, timeoutMsg: "no processor was chosen" },
      );
      await look(theme, "3-processor");
      await next("processor");

      await typeInto("identity-id-input", ID_FIRST);
      await look(theme, "4-identity");
      await next("identity");

      await byId("wizard-step-summary").waitForDisplayed();
      await look(theme, "5-summary");
      await byId("wizard-start").click();

      const card = await jobCard("PoS");
      await waitForState("PoS", "completed");
      await card.$('[data-testid="job-finished-check"]').waitUntil(
        async function () {
          return /all match/.test(await this.getText());
        },
        { timeout: 30_000, timeoutMsg: "the finished job's sample was not checked" },
      );
      assertDataMatchesPosCompute(suggested, ID_FIRST, 512);
    });

    test("the dashboard with a job on two processors, then finished, reads well and is accessible", async () => {
      await byId("nav-new-job").click();
      await byId("wizard").waitForDisplayed();
      while (!(await byId("wizard-step-folder").isExisting())) await byId("wizard-back").click();
      const folder = join(work, "two-processors");
      await typeInto("folder-input", folder);
      await session().$('[data-testid="folder-status"][data-status="ok"]').waitForDisplayed({ timeout: 15_000 });
      await next("folder");
      // 4 MiB of labels at N = 16 in files of 1 MiB: a few seconds on each processor.
      await typeInto("size-input", "0.00390625");
      await next("size");
      await chooseProcessors(["cpu", GPU]);
      await next("processor");
      await typeInto("identity-id-input", ID_TWO);
      await byId("identity-advanced").click();
      await typeInto("identity-n-input", "16");
      await typeInto("identity-max-file-input", "0.0009765625");
      await next("identity");
      await byId("wizard-step-summary").waitForDisplayed();
      await typeInto("summary-name-input", "Two processors");
      await byId("wizard-start").click();

      const card = await jobCard("Two processors");
      await session().waitUntil(
        async () => (await card.$('[data-testid="job-providers"]').getText().catch(() => "")).includes(","),
        { timeout: 60_000, interval: 100, timeoutMsg: "the job never ran on both processors at once" },
      );
      await byId("throughput-chart").waitForDisplayed();
      // Long enough for the chart to have lines to show.
      await session().waitUntil(
        async () => parseFloat(await card.$('[data-testid="job-percent"]').getText()) >= 30,
        { timeout: 120_000, interval: 250, timeoutMsg: "the job did not get to 30%" },
      );
      await look(theme, "6-dashboard-two-processors");
      await card.scrollIntoView();
      await look(theme, "6b-job-on-two-processors");
      await waitForState("Two processors", "completed", 180_000);
      await look(theme, "7-dashboard-finished");
      assertDataMatchesPosCompute(folder, ID_TWO, 16);
    });
  });
}
