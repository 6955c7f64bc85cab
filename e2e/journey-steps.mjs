// The steps of e2e/journeys.test.mjs: a test with an app, profile and folders of its own
// (`journey`), data folders made by `pos`, what the folder's metadata says, and what the
// window shows of a job or the queue.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  ARTIFACTS,
  DEFAULT_SALT,
  FAKE_GPU_LIBRARY,
  JOB_DEFAULTS,
  POS,
  ROOT,
  byId,
  closeApp,
  descendants,
  fakeGpuEnv,
  jobCard,
  openApp,
  profileEnv,
  session,
  shot,
  startDriver,
  stopDriver,
  typeInto,
  waitForExit,
  waitForHelpers,
} from "./support.mjs";
import { startTrayHost, until } from "./desktop-shell.mjs";

export const APP = resolve(process.env.POS_DESKTOP_BIN ?? join(ROOT, "target/debug/pos-desktop"));
/** The fake library's one graphics card, as the engine names it. */
export const GPU = "gpu-post:0";
export const GPU_NAME = "Fake CUDA GPU 0";
export const TRAY_MENU = ["Open PoS Desktop", "Pause all jobs", "Resume all jobs", "Quit"];

/**
 * Starts the app on a fresh profile of its own. `gpuDelayMs`: the fake gpu-post library
 * offers one graphics card, each label that much slower; `tray`: a desktop panel is there to
 * show the tray icon (started before the app, as a desktop's is).
 */
async function begin({ gpuDelayMs = null, tray = false }) {
  for (const file of [APP, POS, FAKE_GPU_LIBRARY])
    assert.ok(existsSync(file), `${file} is missing: build it first`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "pos-journey-"));
  const env = profileEnv(join(work, "profile"));
  for (const name of Object.keys(env)) {
    if (name === "POS_GPU_POST_LIB" || name.startsWith("GPU_POST_FAKE_")) delete env[name];
  }
  if (gpuDelayMs !== null) Object.assign(env, fakeGpuEnv(gpuDelayMs));
  const journey = { work, host: tray ? await startTrayHost() : null, driver: null };
  try {
    journey.driver = await startDriver(env);
    await openApp(APP);
  } catch (error) {
    await end(journey);
    throw error;
  }
  return journey;
}

async function end({ work, host, driver, keep = false }) {
  if (driver) await stopDriver(driver);
  else await closeApp();
  host?.kill();
  if (!keep) rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

/** A test with an app of its own; a failure leaves a screenshot of the window beside the others. */
export function journey(name, options, body) {
  test(name, async () => {
    const j = await begin(options);
    try {
      await body({ ...j, folder: (leaf) => join(j.work, leaf) });
    } catch (error) {
      await shot(`journeys-failed-${name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
      // The test's own failure is the one to report, not a cleanup's after it; the profile
      // (the app's log is under profile/data) and folders stay to look at.
      await end({ ...j, keep: true }).catch(() => {});
      console.error(`${name}: its profile and folders are kept in ${j.work}`);
      throw error;
    }
    await end(j);
  });
}

/** A data folder made by `pos job create` (and, with `run`, computed by `pos job run`). */
export function posJob(folder, id, { n = 512, labels = 3000, run = false } = {}) {
  const bits = String(JOB_DEFAULTS.label_bits);
  execFileSync(POS, [
    "job",
    "create",
    folder,
    "--id",
    id,
    "--salt",
    DEFAULT_SALT,
    "--n",
    String(n),
    "--bits",
    bits,
    "--labels",
    String(labels),
  ]);
  if (run) execFileSync(POS, ["job", "run", folder, "--no-gpu", "--threads", "1"]);
}

/** What the folder's metadata says: the last checkpoint (`pos job status --json`). */
export function onDisk(folder) {
  return JSON.parse(execFileSync(POS, ["job", "status", "--json", folder], { encoding: "utf8" }));
}

/** Adds a data folder as a job through "Add existing folder"; the job is named after the folder. */
export async function addFolder(folder) {
  await byId("jobs-add-folder").click();
  await typeInto("folder-dialog-input", folder);
  await byId("dialog-confirm").click();
  await waitForGone('[data-testid="folder-dialog-input"]', `the folder dialog for ${folder} did not close`);
}

/**
 * Waits until nothing matches `selector`. Not waitForExist({reverse}): WebKit's WebDriver
 * answers "stale element" when the element goes while it is being looked up.
 */
export async function waitForGone(selector, message) {
  await session().waitUntil(
    async () => {
      try {
        return (await session().$$(selector)).length === 0;
      } catch {
        return false;
      }
    },
    { timeout: 15_000, interval: 200, timeoutMsg: message },
  );
}

export async function shownPercent(name) {
  const card = await jobCard(name);
  return parseFloat((await card.$('[data-testid="job-percent"]').getText()).replace(",", "."));
}

/** Whether the job's card shows it computing: running, at a speed above nothing. */
export async function computing(name) {
  const card = await jobCard(name);
  if ((await card.$('[data-testid="job-state"]').getAttribute("data-state")) !== "running") return false;
  return /^[1-9]/.test(await card.$('[data-testid="job-speed"]').getText());
}

/** Waits until the job has a checkpoint on disk of at least `share` of its labels. */
export async function waitForCheckpoint(folder, share, timeoutMs = 90_000) {
  await until(
    () => {
      const status = onDisk(folder);
      return status.durable_labels >= share * status.total_labels;
    },
    timeoutMs,
    `${folder} has no checkpoint of ${share * 100}% yet`,
  );
}

/** The ids of the job cards, top to bottom. */
export async function cardOrder() {
  const cards = await session().$$('[data-testid="job-card"]');
  const ids = [];
  for (let i = 0; i < cards.length; i += 1) ids.push(await cards[i].getAttribute("data-job-id"));
  return ids;
}

export async function waitForOrder(ids) {
  await session().waitUntil(async () => (await cardOrder()).join() === ids.join(), {
    timeout: 10_000,
    timeoutMsg: `the cards are not in the order ${ids.join(", ")}`,
  });
}

export async function waitForCardGone(name) {
  await waitForGone(
    `//*[@data-testid="job-card"][.//*[normalize-space(text())="${name}"]]`,
    `${name} is still listed`,
  );
}

/**
 * Clicks `element`, which ends the app (`pid`): WebDriver's click may fail as the app goes
 * away under it, so the outcome that counts is the process ending.
 */
export async function clickEndingTheApp(element, pid) {
  const helpers = descendants(pid);
  let clickError = null;
  await element.click().catch((error) => (clickError = error));
  await waitForExit(pid).catch((error) => {
    throw clickError ?? error;
  });
  await waitForHelpers(helpers);
}

export async function click(name, testId) {
  await (await jobCard(name)).$(`[data-testid="${testId}"]`).click();
}
