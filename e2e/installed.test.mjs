// The app as installed from its .deb, driven through its own webview (tauri-driver +
// WebKitWebDriver, as e2e/app.test.mjs): it starts, reports the version of package.json,
// finds its bundled resources, saves settings, and completes a small CPU job whose data
// equals `pos compute`. scripts/installed-smoke.sh installs the package, runs this file and
// afterwards removes the package and checks that the data and settings stay. Skipped
// unless that script sets POS_DESKTOP_INSTALLED_BIN.
//
//   POS_DESKTOP_INSTALLED_BIN  the installed binary (/usr/bin/pos-desktop)
//   POS_DESKTOP_RESOURCES      its resources folder (/usr/lib/pos-desktop/resources)
//   POS_E2E_PROFILE            HOME for the app; kept, so the script can look after removal
//   POS_BIN                    `pos` to check the data with (default target/debug/pos)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import net from "node:net";
import { remote } from "webdriverio";

const ROOT = resolve(import.meta.dirname, "..");
const APP = process.env.POS_DESKTOP_INSTALLED_BIN;
const RESOURCES = process.env.POS_DESKTOP_RESOURCES;
const PROFILE = process.env.POS_E2E_PROFILE;
const POS = resolve(process.env.POS_BIN ?? join(ROOT, "target/debug/pos"));
const ARTIFACTS = join(ROOT, "e2e/artifacts");
const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
const DEFAULT_SALT = "114a00005de29b0aaad6814e5f33d357686da48923e8e4864ee5d6e20053e886";
const ID = "d4".repeat(32);
/** About 4,300 labels of 8 bits. */
const TINY_GIB = "0.000004";

let driver;
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

async function jobState(name) {
  const card = browser.$(`//*[@data-testid="job-card"][.//*[normalize-space(text())="${name}"]]`);
  await card.waitForDisplayed({ timeout: 20_000 });
  return card.$('[data-testid="job-state"]').getAttribute("data-state");
}

describe("the installed app", { skip: !APP && "set by scripts/installed-smoke.sh" }, () => {
  const folder = join(PROFILE ?? "", "pos-data");

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    assert.ok(PROFILE && RESOURCES, "POS_E2E_PROFILE and POS_DESKTOP_RESOURCES are set");
    for (const file of [APP, POS]) assert.ok(existsSync(file), `${file} is missing`);
    const env = {
      ...process.env,
      HOME: PROFILE,
      XDG_DATA_HOME: join(PROFILE, "data"),
      XDG_CONFIG_HOME: join(PROFILE, "config"),
      XDG_CACHE_HOME: join(PROFILE, "cache"),
      // One core for the job, one for WebKit (see e2e/app.test.mjs).
      POS_DESKTOP_CPU_THREADS: "1",
    };
    driver = spawn("tauri-driver", [], { env, stdio: ["ignore", "inherit", "inherit"] });
    await waitForPort(4444, 20_000);
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
  });

  after(async () => {
    if (browser) await browser.deleteSession().catch(() => {});
    driver?.kill();
  });

  test("it starts as the packaged version, with updates off in a build without a key", async () => {
    await byId("nav-about").click();
    await byId("about-version").waitForDisplayed({ timeout: 20_000 });
    assert.equal(await byId("about-version").getText(), `version ${VERSION}`);
    await browser.waitUntil(
      async () => (await byId("about-updates").getAttribute("data-enabled")) === "false",
      {
        timeout: 10_000,
        timeoutMsg: "the About page did not show the update status",
      },
    );
    assert.match(await byId("about-updates").getText(), /Automatic updates are off/);
    await shot("installed-about");
  });

  test("it finds its bundled resources, and looks there for gpu-post", async () => {
    // The bundled README stands for the resources: the package put it where the app looks.
    assert.ok(existsSync(join(RESOURCES, "README.md")), `${RESOURCES}/README.md`);
    await byId("nav-processors").click();
    const status = byId("gpu-library-status");
    await status.waitForDisplayed({ timeout: 30_000 });
    await browser.$("summary=What the app tried").click();
    const reason = await byId("gpu-library-reason").getText();
    assert.ok(
      reason.includes(join(RESOURCES, "libgpu-setup.so")),
      `the search did not include ${RESOURCES}: ${reason}`,
    );
    await shot("installed-processors");
  });

  test("settings are saved", async () => {
    await byId("nav-settings").click();
    await typeInto("settings-default-folder", folder);
    await byId("settings-save").click();
    await byId("settings-saved").waitForDisplayed({ timeout: 10_000 });
  });

  test("a small CPU job made through the wizard completes with the bytes of pos compute", async () => {
    await byId("nav-new-job").click();
    await byId("wizard").waitForDisplayed();
    await typeInto("folder-input", folder);
    await browser.$('[data-testid="folder-status"][data-status="ok"]').waitForDisplayed({ timeout: 15_000 });
    await next("folder");
    await typeInto("size-input", TINY_GIB);
    await byId("size-labels").waitForDisplayed();
    await next("size");
    await byId("provider-card").waitForDisplayed({ timeout: 30_000 });
    await next("processor");
    await typeInto("identity-id-input", ID);
    await next("identity");
    await byId("wizard-step-summary").waitForDisplayed();
    await typeInto("summary-name-input", "Installed job");
    await byId("wizard-start").click();

    await browser.waitUntil(async () => (await jobState("Installed job")) === "completed", {
      timeout: 120_000,
      interval: 250,
      timeoutMsg: "the job did not complete",
    });
    // The job takes about a second: let the progress bar's 0.4 s transition and WebKit's
    // next paint catch up, or the screenshot can still show the wizard.
    await browser.pause(1000);
    await shot("installed-dashboard");

    const meta = JSON.parse(readFileSync(join(folder, "pos-meta.json"), "utf8"));
    const total = meta.params.total_labels;
    assert.ok(total > 1000, `a few thousand labels, got ${total}`);
    const data = Buffer.concat(meta.files.map((f) => readFileSync(join(folder, f.name))));
    const expected = execFileSync(POS, [
      "compute",
      "--id",
      ID,
      "--salt",
      DEFAULT_SALT,
      "--n",
      "512",
      "--bits",
      "8",
      "--count",
      String(total),
    ]);
    assert.ok(data.equals(expected), "the installed app's data differs from pos compute");
  });
});
