// What the end-to-end tests share: a private profile, tauri-driver, a WebDriver session on
// the app, and steps through the UI by its data-testid names. The session is module state
// (`session()`), set by `openApp` and cleared by `closeApp`: one app at a time.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import net from "node:net";
import { remote } from "webdriverio";

export const ROOT = resolve(import.meta.dirname, "..");
export const ARTIFACTS = join(ROOT, "e2e/artifacts");
export const POS = resolve(process.env.POS_BIN ?? join(ROOT, "target/debug/pos"));
/** The engine's job defaults (crates/pos-engine/src/defaults.rs), as cargo test wrote them. */
export const JOB_DEFAULTS = JSON.parse(readFileSync(join(ROOT, "ui/src/bindings/defaults.json"), "utf8"));
export const DEFAULT_SALT = JOB_DEFAULTS.salt;
/** About 4,300 labels of 8 bits. */
export const TINY_GIB = "0.000004";

let browser;

export function session() {
  assert.ok(browser, "no app is open");
  return browser;
}

/** The environment for an app with its own profile under `home`. */
export function profileEnv(home) {
  return {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, "data"),
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_CACHE_HOME: join(home, "cache"),
    // One core for the jobs, one for WebKit: its WebDriver was seen to die with both busy.
    POS_DESKTOP_CPU_THREADS: "1",
  };
}

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

function portIsFree(port) {
  return new Promise((resolveFree) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.end(), resolveFree(false)));
    socket.once("error", () => (socket.destroy(), resolveFree(true)));
  });
}

/** Starts tauri-driver (port 4444); the apps it starts inherit `env`. A driver left over
 * from another run would serve apps with the wrong profile, so a busy port is an error. */
export async function startDriver(env) {
  assert.ok(await portIsFree(4444), "port 4444 is in use: is another tauri-driver still running?");
  const driver = spawn("tauri-driver", [], { env, stdio: ["ignore", "inherit", "inherit"] });
  let exited = null;
  driver.once("exit", (code) => (exited = code));
  await waitForPort(4444, 20_000);
  assert.equal(exited, null, `tauri-driver exited (${exited})`);
  return driver;
}

/** Starts `application` through tauri-driver and waits for its first screen. */
export async function openApp(application) {
  browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    connectionRetryCount: 0,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application },
    },
  });
  await byId("nav-jobs").waitForDisplayed({ timeout: 30_000 });
}

export async function closeApp() {
  if (browser) await browser.deleteSession().catch(() => {});
  browser = undefined;
}

export const byId = (id) => session().$(`[data-testid="${id}"]`);

export async function shot(name) {
  // WebKit may hand back the last frame it painted, not the DOM as it is now: let it paint
  // two frames first (seen: a repair's result in the DOM, its progress in the picture).
  await session().execute(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await session().saveScreenshot(join(ARTIFACTS, `${name}.png`));
}

export async function typeInto(id, text) {
  const input = byId(id);
  await input.waitForDisplayed();
  await input.clearValue();
  await input.setValue(text);
}

export async function next(fromStep) {
  await byId(`wizard-step-${fromStep}`).waitForDisplayed();
  await byId("wizard-next").click();
}

/** Opens "New job" at its first step (the wizard keeps a draft while you look elsewhere). */
export async function openWizard() {
  await byId("nav-new-job").click();
  await byId("wizard").waitForDisplayed();
  while (!(await byId("wizard-step-folder").isExisting())) {
    await byId("wizard-back").click();
  }
}

/** Types a folder and waits until the app has checked it and found it usable. */
export async function chooseFolder(folder) {
  await typeInto("folder-input", folder);
  await session().$('[data-testid="folder-status"][data-status="ok"]').waitForDisplayed({ timeout: 15_000 });
}

/** Clicks through the setup wizard; `screens` saves a screenshot of every step. */
export async function createJob({ folder, id, name, n = 512, screens = false }) {
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

export async function jobCard(name) {
  const card = session().$(`//*[@data-testid="job-card"][.//*[normalize-space(text())="${name}"]]`);
  await card.waitForDisplayed({ timeout: 20_000 });
  return card;
}

export async function jobState(name) {
  const card = await jobCard(name);
  return card.$('[data-testid="job-state"]').getAttribute("data-state");
}

export async function waitForState(name, state, timeout = 120_000) {
  await session().waitUntil(async () => (await jobState(name)) === state, {
    timeout,
    interval: 250,
    timeoutMsg: `${name} did not become ${state}`,
  });
}

/** The job's data files, concatenated, equal `pos compute` over the job's range. */
export function assertDataMatchesPosCompute(folder, id, n) {
  const meta = JSON.parse(readFileSync(join(folder, "pos-meta.json"), "utf8"));
  const total = meta.params.total_labels;
  assert.ok(total > 1000, `a few thousand labels, got ${total}`);
  const data = Buffer.concat(meta.files.map((f) => readFileSync(join(folder, f.name))));
  const expected = execFileSync(
    POS,
    ["compute", "--id", id, "--salt", DEFAULT_SALT, "--n", String(n), "--bits", String(JOB_DEFAULTS.label_bits), "--count", String(total)],
    { maxBuffer: 64 << 20 },
  );
  assert.equal(data.length, expected.length);
  assert.ok(data.equals(expected), `${folder}: the data differs from pos compute`);
}
