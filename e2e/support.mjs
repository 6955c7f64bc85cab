// What the end-to-end tests share: a private profile, tauri-driver, a WebDriver session on
// the app, and steps through the UI by its data-testid names. The session is module state
// (`session()`), set by `openApp` and cleared by `closeApp`: one app at a time.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
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
/** The fake gpu-post library (crates/gpu-post-fake, `cargo build -p gpu-post-fake`). */
export const FAKE_GPU_LIBRARY = resolve(process.env.POS_FAKE_GPU_LIBRARY ?? join(ROOT, "target/debug/libgpu_setup.so"));

/**
 * What makes the app find one graphics card, "Fake CUDA GPU 0" (id gpu-post:0), through the
 * fake gpu-post library: its labels are real ones computed on the CPU, `labelDelayMs` slower
 * each, so that a job lasts long enough to act on while it sleeps rather than loading a core.
 */
export function fakeGpuEnv(labelDelayMs) {
  return {
    POS_GPU_POST_LIB: FAKE_GPU_LIBRARY,
    GPU_POST_FAKE_GPUS: "1",
    GPU_POST_FAKE_CPU: "0",
    GPU_POST_FAKE_LABEL_DELAY_MS: String(labelDelayMs),
  };
}

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
 * from another run would serve apps with the wrong profile, so a busy port is an error.
 * tauri-driver listens at once but hands sessions to the WebKitWebDriver it starts (port
 * 4445), which takes a moment: a session asked for before that fails (seen: UND_ERR_SOCKET). */
export async function startDriver(env) {
  for (const port of [4444, 4445]) {
    assert.ok(await portIsFree(port), `port ${port} is in use: is another tauri-driver still running?`);
  }
  const driver = spawn("tauri-driver", [], { env, stdio: ["ignore", "inherit", "inherit"] });
  let exited = null;
  driver.once("exit", (code) => (exited = code));
  await waitForPort(4444, 20_000);
  await waitForPort(4445, 20_000);
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

/** Parent pid of every process, from /proc. */
function parents() {
  const parentOf = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (name) state ppid ...": the name may hold spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state !== "Z") parentOf.set(Number(entry), Number(ppid));
    } catch {
      // The process ended while we looked.
    }
  }
  return parentOf;
}

/** The live processes started by `pid`, its children's children too (zombies excluded). */
export function descendants(pid) {
  const parentOf = parents();
  const found = [];
  let level = [pid];
  while (level.length > 0) {
    const next = [...parentOf].filter(([, parent]) => level.includes(parent)).map(([child]) => child);
    found.push(...next);
    level = next;
  }
  return found;
}

/** Whether `pid` is running (a zombie that nobody reaped yet has ended). */
export function isRunning(pid) {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** The pid of the app that tauri-driver (`driver`, a child process) started: exactly one. */
export function appPid(driver, application) {
  const binary = realpathSync(application);
  const apps = descendants(driver.pid).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, "") === binary;
    } catch {
      return false;
    }
  });
  assert.equal(apps.length, 1, `app processes under tauri-driver: ${apps.join(", ") || "none"}`);
  return apps[0];
}

export async function waitForExit(pid, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    assert.ok(Date.now() < deadline, `process ${pid} is still running after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * Ends the WebDriver session (WebKitWebDriver ends the app), waits until the process is gone
 * and starts the app again with the same profile, as a person who closes it and opens it again.
 */
export async function restartApp(driver, application) {
  const pid = appPid(driver, application);
  await closeApp();
  await waitForExit(pid);
  await openApp(application);
}

/** Kills the app (SIGKILL, as a crash or a power cut would end it) and drops its session. */
export async function crashApp(driver, application) {
  const pid = appPid(driver, application);
  const helpers = descendants(pid);
  process.kill(pid, "SIGKILL");
  await waitForExit(pid);
  await waitForHelpers(helpers);
  await closeApp();
}

/**
 * Waits for WebKit's helper processes of an app that ended (`descendants(pid)` from before):
 * they outlive it a moment and would go on writing to its profile. One still there after
 * 10 s is stopped (they are WebKit's, not what the tests are about) and said so.
 */
export async function waitForHelpers(helpers) {
  for (const pid of helpers) {
    await waitForExit(pid, 10_000).catch(() => {
      console.error(`WebKit's helper process ${pid} outlived its app by 10 s: stopping it`);
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // It ended after all.
      }
    });
  }
}

/**
 * Ends the session, then tauri-driver and whatever it started (WebKitWebDriver, the app and
 * WebKit's helper processes, which outlive an app that ends and would go on writing to its
 * profile): nothing of this run is left for the next driver to meet.
 */
export async function stopDriver(driver) {
  const started = descendants(driver.pid);
  await closeApp();
  const ended = new Promise((done) => (driver.exitCode !== null || driver.signalCode !== null ? done() : driver.once("exit", done)));
  driver.kill();
  await ended;
  for (const pid of started.filter(isRunning)) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // It ended by itself.
    }
  }
  for (const pid of started) {
    await waitForExit(pid, 10_000).catch(() => {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // It ended after all.
      }
    });
  }
  const deadline = Date.now() + 10_000;
  for (const port of [4444, 4445]) {
    while (!(await portIsFree(port)) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  }
}

export const byId = (id) => session().$(`[data-testid="${id}"]`);

export async function shot(name) {
  // WebKit may hand back the last frame it painted, not the DOM as it is now: let it paint
  // two frames first (seen: a repair's result in the DOM, its progress in the picture).
  await session().execute(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await session().saveScreenshot(join(ARTIFACTS, `${name}.png`));
}

/** The WCAG 2.0 and 2.1 A and AA rules, as ui/src/test/axe.ts runs them (there without contrast). */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
let axeSource;

/**
 * Runs axe-core on the window as it is now, colour contrast included (WebKit lays the page out
 * and paints it, which jsdom cannot), writes what it found to e2e/artifacts/axe-<name>.json and
 * fails listing each violation's rule, help and elements.
 */
export async function assertAccessible(name) {
  const browser = session();
  if (!(await browser.execute(() => typeof window.axe === "object"))) {
    axeSource ??= readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
    // The window's CSP (script-src 'self') refuses eval, new Function and inline <script>, but
    // not the script WebDriver itself runs: axe goes in as that script's body and sets window.axe.
    const loaded = await browser.execute(`${axeSource}\n;return typeof window.axe;`);
    assert.equal(loaded, "object", "axe-core did not load in the window");
  }
  // Let WebKit paint what the last step changed before axe reads the colours.
  await browser.execute(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const violations = await browser.execute(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((node) => ({ target: node.target, html: node.html, failureSummary: node.failureSummary })),
    }));
  }, AXE_TAGS);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `axe-${name}.json`), `${JSON.stringify(violations, null, 2)}\n`);
  const found = violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((node) => `    ${node.target.join(" ")}`).join("\n")}`)
    .join("\n");
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) in ${name}:\n${found}`);
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
  // The step fills in a suggested folder once it has looked at the disks, which can land
  // between clearing the field and typing: type until the field holds `folder` alone.
  await session().waitUntil(
    async () => {
      await typeInto("folder-input", folder);
      await session().pause(300);
      return (await byId("folder-input").getValue()) === folder;
    },
    { timeout: 15_000, interval: 100, timeoutMsg: `the folder field does not hold ${folder}` },
  );
  await session().$('[data-testid="folder-status"][data-status="ok"]').waitForDisplayed({ timeout: 15_000 });
}

/**
 * Ticks exactly the processors `ids` on the wizard's processor step, as a person does: until
 * one is ticked the wizard may still choose the fastest for itself, so this clicks until what
 * is shown is what was asked for.
 */
export async function chooseProcessors(ids) {
  for (const id of ids) {
    await session().$(`[data-testid="provider-card"][data-provider-id="${id}"]`).waitForDisplayed({ timeout: 30_000 });
  }
  await session().waitUntil(
    async () => {
      let matches = true;
      for (const card of await session().$$('[data-testid="provider-card"]')) {
        const wanted = ids.includes(await card.getAttribute("data-provider-id"));
        const box = card.$('[data-testid="provider-select"]');
        if ((await box.isSelected()) !== wanted) {
          matches = false;
          await box.click();
        }
      }
      return matches;
    },
    { timeout: 15_000, interval: 300, timeoutMsg: `could not choose the processors ${ids.join(", ")}` },
  );
}

/**
 * Clicks through the setup wizard; `screens` saves a screenshot of every step. `gib` is the
 * size typed in; `processors` (ids) are ticked on the processor step instead of the wizard's
 * own choice.
 */
export async function createJob({ folder, id, name, n = 512, screens = false, gib = TINY_GIB, processors = null }) {
  await openWizard();
  await chooseFolder(folder);
  if (screens) await shot("setup-1-folder");
  await next("folder");

  await typeInto("size-input", gib);
  await byId("size-labels").waitForDisplayed();
  if (screens) await shot("setup-2-size");
  await next("size");

  await byId("wizard-step-processor").waitForDisplayed();
  await byId("provider-card").waitForDisplayed({ timeout: 30_000 });
  if (processors) await chooseProcessors(processors);
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
