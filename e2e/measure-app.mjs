// A benchmark of the desktop app (not a test: it asserts nothing). Run under Xvfb and a
// D-Bus session, as `npm run bench:app`. Prints one JSON object:
// - first_paint_ms: from asking tauri-driver for a session (which starts the app) until
//   the dashboard's navigation is displayed;
// - idle_cpu_percent: the app's CPU time (all its threads; WebKit's own processes not
//   included) over 30 s with no jobs, as a share of one core;
// - rss_idle_mib / rss_running_mib: the app process's resident memory idle and while a
//   job runs (N = 8192 on every core).

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { remote } from "webdriverio";

const ROOT = resolve(import.meta.dirname, "..");
const APP = resolve(process.env.POS_DESKTOP_BIN ?? join(ROOT, "target/debug/pos-desktop"));
const work = mkdtempSync(join(tmpdir(), "pos-measure-"));
const env = {
  ...process.env,
  HOME: work,
  XDG_DATA_HOME: join(work, "data"),
  XDG_CONFIG_HOME: join(work, "config"),
  XDG_CACHE_HOME: join(work, "cache"),
};
const CLOCK_TICKS = 100;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => (s.end(), r(true)));
      s.once("error", () => (s.destroy(), r(false)));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error("tauri-driver did not start");
}

/** The app's own process (started by WebKitWebDriver), by its executable path. */
function appPid() {
  const pids = execFileSync("pgrep", ["-f", `^${APP}`], { encoding: "utf8" }).trim().split("\n");
  if (pids.length !== 1 || pids[0] === "") throw new Error(`expected one app process, found: ${pids}`);
  return Number(pids[0]);
}

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssMib(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

const driver = spawn("tauri-driver", [], { env, stdio: "ignore" });
try {
  await waitForPort(4444);
  const asked = Date.now();
  const browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "error",
    capabilities: { browserName: "wry", "wdio:enforceWebDriverClassic": true, "tauri:options": { application: APP } },
  });
  await browser.$('[data-testid="nav-jobs"]').waitForDisplayed({ timeout: 60_000 });
  const firstPaintMs = Date.now() - asked;
  const pid = appPid();

  await sleep(5000);
  const rssIdle = rssMib(pid);
  const before = cpuTicks(pid);
  await sleep(30_000);
  const idleCpu = ((cpuTicks(pid) - before) / CLOCK_TICKS / 30) * 100;

  // A job that keeps every core busy while memory is read.
  const folder = join(work, "job");
  await browser.execute(
    (request) => window.__TAURI_INTERNALS__.invoke("add_job", { request }),
    {
      name: "measure",
      dir: folder,
      id: "ab".repeat(32),
      salt: "114a00005de29b0aaad6814e5f33d357686da48923e8e4864ee5d6e20053e886",
      n: 8192,
      label_bits: 8,
      total_labels: 200000,
      pow_difficulty: null,
      providers: { mode: "automatic" },
      max_file_bytes: null,
      file_name: null,
    },
  );
  let rssRunning = 0;
  for (let i = 0; i < 10; i++) {
    await sleep(1000);
    rssRunning = Math.max(rssRunning, rssMib(pid));
  }
  await browser.deleteSession();
  console.log(
    JSON.stringify({
      first_paint_ms: firstPaintMs,
      idle_cpu_percent: Number(idleCpu.toFixed(2)),
      rss_idle_mib: rssIdle,
      rss_running_mib: rssRunning,
    }),
  );
} finally {
  driver.kill();
  rmSync(work, { recursive: true, force: true });
}
