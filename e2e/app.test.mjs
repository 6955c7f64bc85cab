// End-to-end tests of the real app in WebKit's webview: tauri-driver + WebKitWebDriver,
// under Xvfb and a private D-Bus session (see scripts/e2e.sh). A fresh profile (HOME and
// XDG folders in a temporary directory), the built-in CPU provider, and a notification
// service that never answers. Screenshots of every setup step and of the dashboard go to
// e2e/artifacts/.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { remote } from "webdriverio";

const ROOT = resolve(import.meta.dirname, "..");
const APP = resolve(process.env.POS_DESKTOP_BIN ?? join(ROOT, "target/debug/pos-desktop"));
const POS = resolve(process.env.POS_BIN ?? join(ROOT, "target/debug/pos"));
const ARTIFACTS = join(ROOT, "e2e/artifacts");
const DEFAULT_SALT = "114a00005de29b0aaad6814e5f33d357686da48923e8e4864ee5d6e20053e886";
const ID_A = "a1".repeat(32);
const ID_B = "b2".repeat(32);
const ID_SLOW = "c3".repeat(32);
/** About 4,300 labels of 8 bits. */
const TINY_GIB = "0.000004";

const work = mkdtempSync(join(tmpdir(), "pos-e2e-"));
const profile = join(work, "profile");
const notifyLog = join(work, "notifications.log");
const env = {
  ...process.env,
  HOME: profile,
  XDG_DATA_HOME: join(profile, "data"),
  XDG_CONFIG_HOME: join(profile, "config"),
  XDG_CACHE_HOME: join(profile, "cache"),
  // One core for the jobs, one for WebKit: its WebDriver was seen to die with both busy.
  POS_DESKTOP_CPU_THREADS: "1",
};

let driver;
let daemon;
let browser;

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePort, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolvePort();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on port ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

async function openApp() {
  browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    connectionRetryCount: 0,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP },
    },
  });
  await byId("nav-jobs").waitForDisplayed({ timeout: 30_000 });
}

async function closeApp() {
  if (browser) await browser.deleteSession();
  browser = undefined;
}

const byId = (id) => browser.$(`[data-testid="${id}"]`);

async function shot(name) {
  await browser.saveScreenshot(join(ARTIFACTS, `${name}.png`));
}

async function typeInto(id, text) {
  const input = byId(id);
  await input.waitForDisplayed();
  await input.clearValue();
  await input.setValue(text);
}

async function next(fromStep) {
  await byId(`wizard-step-${fromStep}`).waitForDisplayed();
  await byId("wizard-next").click();
}

/** Opens "New job" at its first step (the wizard keeps a draft while you look elsewhere). */
async function openWizard() {
  await byId("nav-new-job").click();
  await byId("wizard").waitForDisplayed();
  while (!(await byId("wizard-step-folder").isExisting())) {
    await byId("wizard-back").click();
  }
}

/** Types a folder and waits until the app has checked it and found it usable. */
async function chooseFolder(folder) {
  await typeInto("folder-input", folder);
  await browser.$('[data-testid="folder-status"][data-status="ok"]').waitForDisplayed({ timeout: 15_000 });
}

/** Clicks through the setup wizard; `screens` saves a screenshot of every step. */
async function createJob({ folder, id, name, n = 512, screens = false }) {
  await openWizard();
  await chooseFolder(folder);
  if (screens) await shot("setup-1-folder");
  await next("folder");

  await typeInto("size-input", TINY_GIB);
  await byId("size-labels").waitForDisplayed();
  if (screens) await shot("setup-2-size");
  await next("size");

  await byId("wizard-step-processor").waitForDisplayed();
  await byId("provider-card").waitForDisplayed({ timeout: 30_000 });
  if (screens) await shot("setup-3-processor");
  await next("processor");

  await typeInto("identity-id-input", id);
  if (n !== 512) {
    await byId("identity-advanced").click();
    await typeInto("identity-n-input", String(n));
  }
  if (screens) await shot("setup-4-identity");
  await next("identity");

  await byId("wizard-step-summary").waitForDisplayed();
  await typeInto("summary-name-input", name);
  if (screens) await shot("setup-5-summary");
  await byId("wizard-start").click();
  const card = await jobCard(name);
  return card.getAttribute("data-job-id");
}

async function jobCard(name) {
  const card = browser.$(`//*[@data-testid="job-card"][.//*[normalize-space(text())="${name}"]]`);
  await card.waitForDisplayed({ timeout: 20_000 });
  return card;
}

async function jobState(name) {
  const card = await jobCard(name);
  return card.$('[data-testid="job-state"]').getAttribute("data-state");
}

async function waitForState(name, state, timeout = 120_000) {
  await browser.waitUntil(async () => (await jobState(name)) === state, {
    timeout,
    interval: 250,
    timeoutMsg: `${name} did not become ${state}`,
  });
}

/** The job's data files, concatenated, equal `pos compute` over the job's range. */
function assertDataMatchesPosCompute(folder, id, n) {
  const meta = JSON.parse(readFileSync(join(folder, "pos-meta.json"), "utf8"));
  const total = meta.params.total_labels;
  assert.ok(total > 1000, `a few thousand labels, got ${total}`);
  const files = meta.files.map((f) => readFileSync(join(folder, f.name)));
  const data = Buffer.concat(files);
  const expected = execFileSync(
    POS,
    ["compute", "--id", id, "--salt", DEFAULT_SALT, "--n", String(n), "--bits", "8", "--count", String(total)],
    { maxBuffer: 64 << 20 },
  );
  assert.equal(data.length, expected.length);
  assert.ok(data.equals(expected), `${folder}: the data differs from pos compute`);
}

before(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(profile, { recursive: true });
  for (const file of [APP, POS]) assert.ok(existsSync(file), `${file} is missing: build it first`);

  daemon = spawn("/usr/bin/python3", [join(ROOT, "e2e/silent-notification-daemon.py"), notifyLog], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((ready, fail) => {
    daemon.stdout.once("data", ready);
    daemon.once("exit", (code) => fail(new Error(`the notification daemon exited (${code})`)));
  });

  driver = spawn("tauri-driver", [], { env, stdio: ["ignore", "inherit", "inherit"] });
  await waitForPort(4444, 20_000);
  await openApp();
});

after(async () => {
  await closeApp().catch(() => {});
  driver?.kill();
  daemon?.kill();
  rmSync(work, { recursive: true, force: true });
});

test("first run shows an empty dashboard that invites the first job", async () => {
  await byId("jobs-empty").waitForDisplayed();
  assert.ok(await byId("jobs-empty-new-job").isDisplayed());
  await shot("dashboard-empty");
});

test("an invalid id shows its error and creates nothing", async () => {
  const folder = join(work, "never");
  await openWizard();
  await chooseFolder(folder);
  await next("folder");
  await typeInto("size-input", TINY_GIB);
  await next("size");
  await byId("provider-card").waitForDisplayed({ timeout: 30_000 });
  await next("processor");
  await typeInto("identity-id-input", "not-a-hex-id");
  await byId("wizard-next").click();
  const error = byId("identity-id-error");
  await error.waitForDisplayed();
  assert.match(await error.getText(), /not a hexadecimal digit/);
  await shot("setup-invalid-id");
  assert.ok(await byId("wizard-step-identity").isDisplayed(), "the wizard stays on the identity step");
  assert.equal(existsSync(folder), false, "no folder was created");
  await byId("nav-jobs").click();
  assert.ok(await byId("jobs-empty").isDisplayed(), "no job was created");
});

test("two small CPU jobs complete with the same bytes as pos compute", async () => {
  const a = join(work, "data-a");
  const b = join(work, "data-b");
  await createJob({ folder: a, id: ID_A, name: "Job A", screens: true });
  await createJob({ folder: b, id: ID_B, name: "Job B" });
  await waitForState("Job A", "completed");
  await waitForState("Job B", "completed");
  const card = await jobCard("Job A");
  assert.equal(parseFloat(await card.$('[data-testid="job-percent"]').getText()), 100);
  await shot("dashboard-completed");
  assertDataMatchesPosCompute(a, ID_A, 512);
  assertDataMatchesPosCompute(b, ID_B, 512);
});

test("completed jobs tried to notify, and the silent notification service blocked nothing", async () => {
  await browser.waitUntil(() => existsSync(notifyLog) && readFileSync(notifyLog, "utf8").includes("Notify"), {
    timeout: 10_000,
    timeoutMsg: "the app sent no notification",
  });
  // The next test's progress events flow while those sends hang.
});

test("a job pauses, keeps its checkpoint, and resumes to correct data", async () => {
  const folder = join(work, "data-slow");
  // N = 65,536 on one thread: about ten seconds, time enough to pause it.
  await createJob({ folder, id: ID_SLOW, name: "Slow job", n: 65536 });
  const card = await jobCard("Slow job");
  const percent = card.$('[data-testid="job-percent"]');
  await browser.waitUntil(async () => parseFloat(await percent.getText()) > 0, {
    timeout: 60_000,
    timeoutMsg: "no progress reached the window",
  });
  await card.$('[data-testid="job-pause"]').click();
  await waitForState("Slow job", "paused", 10_000);
  await shot("dashboard-paused");
  const pausedAt = await percent.getText();
  await browser.pause(1500);
  assert.equal(await percent.getText(), pausedAt, "nothing moves while paused");
  assert.ok(parseFloat(pausedAt) < 100);

  await card.$('[data-testid="job-resume"]').click();
  await waitForState("Slow job", "completed", 180_000);
  assertDataMatchesPosCompute(folder, ID_SLOW, 65536);
});

test("after a restart every job is still listed", async () => {
  await closeApp();
  await openApp();
  for (const name of ["Job A", "Job B", "Slow job"]) {
    assert.equal(await jobState(name), "completed", `${name} after the restart`);
  }
  const cards = await browser.$$('[data-testid="job-card"]');
  assert.equal(cards.length, 3);
  await shot("dashboard");
  const shots = readdirSync(ARTIFACTS).filter((f) => f.startsWith("setup-"));
  assert.equal(shots.length, 6, `setup screenshots: ${shots.join(", ")}`);
});
