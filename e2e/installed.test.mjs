// The app as installed from its .deb, driven through its own webview (tauri-driver +
// WebKitWebDriver, as e2e/app.test.mjs): it starts, reports the version of package.json,
// finds its bundled resources, saves settings, and completes a small CPU job whose data
// equals `pos compute`. scripts/installed-smoke.sh installs the package, runs this file and
// afterwards removes the package and checks that the data and settings stay; only that
// script runs this file (scripts/e2e.sh runs e2e/app.test.mjs and e2e/journeys.test.mjs).
//
//   POS_DESKTOP_INSTALLED_BIN  the installed binary (/usr/bin/pos-desktop)
//   POS_DESKTOP_RESOURCES      its resources folder (/usr/lib/pos-desktop/resources)
//   POS_E2E_PROFILE            HOME for the app; kept, so the script can look after removal
//   POS_BIN                    `pos` to check the data with (default target/debug/pos)

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ARTIFACTS,
  POS,
  ROOT,
  assertDataMatchesPosCompute,
  byId,
  closeApp,
  createJob,
  openApp,
  profileEnv,
  session,
  shot,
  startDriver,
  typeInto,
  waitForState,
} from "./support.mjs";

const APP = process.env.POS_DESKTOP_INSTALLED_BIN;
const RESOURCES = process.env.POS_DESKTOP_RESOURCES;
const PROFILE = process.env.POS_E2E_PROFILE;
const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
const ID = "d4".repeat(32);

let driver;

const folder = join(PROFILE ?? "", "pos-data");

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  assert.ok(APP, "POS_DESKTOP_INSTALLED_BIN is set (scripts/installed-smoke.sh runs this file)");
  assert.ok(PROFILE && RESOURCES, "POS_E2E_PROFILE and POS_DESKTOP_RESOURCES are set");
  for (const file of [APP, POS]) assert.ok(existsSync(file), `${file} is missing`);
  driver = await startDriver(profileEnv(PROFILE));
  await openApp(APP);
});

after(async () => {
  await closeApp();
  driver?.kill();
});

test("it starts as the packaged version, with updates off in a build without a key", async () => {
  await byId("nav-about").click();
  await byId("about-version").waitForDisplayed({ timeout: 20_000 });
  assert.equal(await byId("about-version").getText(), `version ${VERSION}`);
  await session().waitUntil(
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
  await session().$("summary=What the app tried").click();
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
  await createJob({ folder, id: ID, name: "Installed job" });
  await waitForState("Installed job", "completed");
  // The job takes about a second: let the progress bar's 0.4 s transition and WebKit's
  // next paint catch up, or the screenshot can still show the wizard.
  await session().pause(1000);
  await shot("installed-dashboard");
  assertDataMatchesPosCompute(folder, ID, 512);
});
