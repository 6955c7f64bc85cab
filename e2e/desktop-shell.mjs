// What a desktop does around the app, for the end-to-end tests: the panel that shows tray
// icons (status-notifier-host.py: the app's real tray menu, exported over D-Bus by
// libayatana-appindicator, clicked as a panel clicks it) and the window manager's close
// button (x11-window.py). Both run in the private D-Bus session and X display of
// scripts/e2e.sh.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";

import { ROOT } from "./support.mjs";

// The system's Python: python3-dbus and python3-gi are Debian packages (scripts/setup.sh).
const PYTHON = "/usr/bin/python3";
const HOST = join(ROOT, "e2e/status-notifier-host.py");
const WINDOW = join(ROOT, "e2e/x11-window.py");
/** The main window's title (src-tauri/tauri.conf.json). */
export const WINDOW_TITLE = "PoS Desktop";

const pause = (ms) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` (sync or async) every 200 ms until it is true; `message` may be a function. */
export async function until(check, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, typeof message === "function" ? message() : message);
    await pause(200);
  }
}

/**
 * Starts a StatusNotifierWatcher, the service a desktop panel runs, so that the app's tray
 * icon registers with it and its menu can be read and clicked. Start it before the app.
 */
export async function startTrayHost() {
  const host = spawn(PYTHON, [HOST, "watch"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((ready, fail) => {
    host.stdout.once("data", ready);
    host.once("exit", (code) => fail(new Error(`the tray host exited (${code})`)));
  });
  return host;
}

/** The labels of the tray menu's items, in order ([] while no icon registered yet). */
export function trayMenu() {
  return execFileSync(PYTHON, [HOST, "menu"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.length > 0);
}

/**
 * Waits until the app's tray icon is registered with a menu that has the items `labels`, in
 * that order (among others: a line that says how the jobs stand, a separator).
 */
export async function waitForTrayMenu(labels, timeoutMs = 20_000) {
  let shown = [];
  const hasAll = () => {
    let at = 0;
    for (const label of shown) if (label === labels[at]) at += 1;
    return at === labels.length;
  };
  await until(
    () => {
      shown = trayMenu();
      return hasAll();
    },
    timeoutMs,
    () => `the tray menu is ${JSON.stringify(shown)}, without ${JSON.stringify(labels)} in that order`,
  );
  return shown;
}

/** Clicks the tray menu's item `label`, as a person does in the panel. */
export function clickTray(label) {
  execFileSync(PYTHON, [HOST, "click", label], { stdio: ["ignore", "inherit", "inherit"] });
}

/** "shown" or "hidden": whether the app's window is on the screen. */
export function windowState() {
  return execFileSync(PYTHON, [WINDOW, "state", WINDOW_TITLE], { encoding: "utf8" }).trim();
}

export async function waitForWindow(state, timeoutMs = 10_000) {
  await until(() => windowState() === state, timeoutMs, `the window is not ${state}`);
}

/** Clicks the window's close button, as the window manager passes it on (WM_DELETE_WINDOW). */
export function closeWindow() {
  execFileSync(PYTHON, [WINDOW, "close", WINDOW_TITLE], { stdio: ["ignore", "inherit", "inherit"] });
}
