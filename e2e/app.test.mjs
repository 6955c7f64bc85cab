// End-to-end tests of the real app in WebKit's webview: tauri-driver + WebKitWebDriver,
// under Xvfb and a private D-Bus session (scripts/e2e.sh). A fresh profile (HOME and XDG
// folders in a temporary directory), the built-in CPU provider, and a notification
// service that never answers. Screenshots of every setup step and of the dashboard go to
// e2e/artifacts/.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  ARTIFACTS,
  appPid,
  DEFAULT_SALT,
  JOB_DEFAULTS,
  POS,
  ROOT,
  TINY_GIB,
  assertDataMatchesPosCompute,
  byId,
  chooseFolder,
  closeApp,
  createJob,
  jobCard,
  jobState,
  next,
  openApp,
  openWizard,
  profileEnv,
  session,
  shot,
  startDriver,
  stopDriver,
  typeInto,
  waitForExit,
  waitForState,
} from "./support.mjs";

const APP = resolve(process.env.POS_DESKTOP_BIN ?? join(ROOT, "target/debug/pos-desktop"));
const ID_A = "a1".repeat(32);
const ID_B = "b2".repeat(32);
const ID_SLOW = "c3".repeat(32);
const ID_POS = "d4".repeat(32);
const ID_NOTIFY = "17".repeat(32);
const ID_BUNDLE = "28".repeat(32);
const ID_REPAIR = "39".repeat(32);
const ID_RESTART = "4a".repeat(32);
const ID_LISTED = "5b".repeat(32);

const work = mkdtempSync(join(tmpdir(), "pos-e2e-"));
const profile = join(work, "profile");
const notifyLog = join(work, "notifications.log");
const factsFile = join(work, "system-facts.json");

let driver;
let daemon;

/** Starts tauri-driver and the app on the profile the tests share. */
async function startShared() {
  // What the app's pause rules read from the system, faked (src-tauri/src/system_facts.rs).
  driver = await startDriver({ ...profileEnv(profile), POS_FAKE_SYSTEM_FACTS: factsFile });
  await openApp(APP);
}

/** The jobs the app lists now (list_jobs), with the id each folder's metadata holds. */
async function listedJobs() {
  const jobs = await session().execute(() => window.__TAURI_INTERNALS__.invoke("list_jobs", {}));
  return jobs.map(({ id, name, dir }) => ({
    id,
    name,
    identity: JSON.parse(readFileSync(join(dir, "pos-meta.json"), "utf8")).params.id,
  }));
}

/** A job of the test's own, in its own folder under the run's directory, computed to the end. */
async function completedJob({ leaf, id, name }) {
  const folder = join(work, leaf);
  await createJob({ folder, id, name });
  await waitForState(name, "completed");
  return folder;
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

  await startShared();
});

after(async () => {
  if (driver) await stopDriver(driver);
  else await closeApp();
  daemon?.kill();
  rmSync(work, { recursive: true, force: true });
});

test("first run shows an empty dashboard that invites the first job", async () => {
  // A first run is a profile of its own, whatever the other tests left in the shared one.
  // Only one tauri-driver can listen on port 4444: the shared one stops meanwhile.
  await stopDriver(driver);
  driver = undefined;
  const fresh = mkdtempSync(join(work, "first-run-"));
  const own = await startDriver({ ...profileEnv(fresh), POS_FAKE_SYSTEM_FACTS: join(fresh, "system-facts.json") });
  try {
    await openApp(APP);
    await byId("jobs-empty").waitForDisplayed();
    assert.ok(await byId("jobs-empty-new-job").isDisplayed());
    await shot("dashboard-empty");
  } finally {
    await stopDriver(own);
    await startShared();
  }
});

test("an invalid id shows its error and creates nothing", async () => {
  const folder = join(work, "never");
  const before = await listedJobs();
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
  assert.ok(existsSync(join(ARTIFACTS, "setup-invalid-id.png")));
  assert.ok(await byId("wizard-step-identity").isDisplayed(), "the wizard stays on the identity step");
  assert.equal(existsSync(folder), false, "no folder was created");
  await byId("nav-jobs").click();
  assert.deepEqual(await listedJobs(), before, "no job was created");
  if (before.length === 0) assert.ok(await byId("jobs-empty").isDisplayed(), "the window lists no job");
  else assert.equal((await session().$$('[data-testid="job-card"]')).length, before.length, "the window lists no new job");
});

test("two small CPU jobs complete with the same bytes as pos compute", async () => {
  const a = join(work, "data-a");
  const b = join(work, "data-b");
  await createJob({ folder: a, id: ID_A, name: "Job A", screens: true });
  for (const step of ["1-folder", "2-size", "3-processor", "4-identity", "5-summary"]) {
    assert.ok(existsSync(join(ARTIFACTS, `setup-${step}.png`)), `no screenshot of setup step ${step}`);
  }
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
  const name = "Job that notifies";
  await completedJob({ leaf: "data-notify", id: ID_NOTIFY, name });
  // The daemon logs each Notify call with its summary (silent-notification-daemon.py).
  const sent = () => existsSync(notifyLog) && readFileSync(notifyLog, "utf8").split("\n").includes(`Notify ${name} is complete`);
  await session().waitUntil(sent, { timeout: 10_000, timeoutMsg: `the app sent no notification that ${name} is complete` });
  // Later tests' progress events flow while those sends hang.
});

test("a support bundle holds the diagnostics, settings and logs, and no job's id", async () => {
  await completedJob({ leaf: "data-bundle", id: ID_BUNDLE, name: "Job in the bundle's run" });
  const identities = (await listedJobs()).map((job) => job.identity);
  assert.ok(identities.includes(ID_BUNDLE), `the ids of the listed jobs: ${identities.join(", ")}`);
  await byId("nav-about").click();
  await byId("about-save-bundle").waitForDisplayed();
  await shot("about-support");
  // The button opens the system's save dialog, which WebDriver cannot reach: the same
  // command, given the path the dialog would have returned.
  const out = join(work, "support.zip");
  const saved = await session().execute(
    (path) => window.__TAURI_INTERNALS__.invoke("save_support_bundle", { path }),
    out,
  );
  assert.equal(saved, out);
  const check = [
    "import sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "data = b''.join(z.read(n) for n in z.namelist())",
    "print(' '.join(z.namelist()))",
    "print('ids' if any(i.encode() in data for i in sys.argv[2:]) else 'no ids')",
  ].join("\n");
  const [names, ids] = execFileSync("python3", ["-c", check, out, ...identities], { encoding: "utf8" }).trim().split("\n");
  assert.match(names, /^diagnostics\.txt settings\.json( logs\/\S+)+$/, names);
  assert.equal(ids, "no ids");
  await byId("nav-jobs").click();
});

test("damaged data is found by Verify and put right by Repair", async () => {
  const folder = await completedJob({ leaf: "data-repair", id: ID_REPAIR, name: "Job to repair" });
  const file = join(folder, "postdata_0.bin");
  const data = readFileSync(file);
  // The first label of every file is always among those Verify checks.
  data[0] ^= 0xff;
  data[100] ^= 0x0f;
  writeFileSync(file, data);
  const card = await jobCard("Job to repair");
  await card.$('[data-testid="job-verify"]').click();
  const verified = card.$('[data-testid="verify-result"]');
  await verified.waitForDisplayed({ timeout: 30_000 });
  assert.ok(Number(await verified.getAttribute("data-mismatches")) > 0, await verified.getText());
  assert.match(await verified.getText(), /postdata_0\.bin: \d+ of [\d,]+ checked labels wrong/);
  await shot("verify-damaged");
  await card.$('[data-testid="job-repair"]').click();
  const repaired = card.$('[data-testid="repair-result"]');
  await repaired.waitForDisplayed({ timeout: 120_000 });
  assert.match(await repaired.getText(), /Repaired \d+ damaged labels in postdata_0\.bin/);
  await shot("repair-done");
  assertDataMatchesPosCompute(folder, ID_REPAIR, 512);
  await repaired.$("button").click();
});

test("a folder made by pos job create and run is added as an existing folder and listed as completed", async () => {
  const folder = join(work, "made-by-pos");
  const bits = String(JOB_DEFAULTS.label_bits);
  execFileSync(POS, ["job", "create", folder, "--id", ID_POS, "--salt", DEFAULT_SALT, "--n", "512", "--bits", bits, "--labels", "3000"]);
  execFileSync(POS, ["job", "run", folder, "--no-gpu", "--threads", "1"]);
  await byId("jobs-add-folder").click();
  await typeInto("folder-dialog-input", folder);
  await shot("add-existing-folder");
  await byId("dialog-confirm").click();
  await waitForState("made-by-pos", "completed", 30_000);
  assertDataMatchesPosCompute(folder, ID_POS, 512);
});

test("a job pauses, keeps its checkpoint, and resumes to correct data", async () => {
  const folder = join(work, "data-slow");
  // N = 65,536 on one thread: about ten seconds, time enough to pause it.
  await createJob({ folder, id: ID_SLOW, name: "Slow job", n: 65536 });
  const card = await jobCard("Slow job");
  const percent = card.$('[data-testid="job-percent"]');
  await session().waitUntil(async () => parseFloat(await percent.getText()) > 0, {
    timeout: 60_000,
    timeoutMsg: "no progress reached the window",
  });
  await card.$('[data-testid="job-pause"]').click();
  await waitForState("Slow job", "paused", 10_000);
  await shot("dashboard-paused");
  const pausedAt = await percent.getText();
  await session().pause(1500);
  assert.equal(await percent.getText(), pausedAt, "nothing moves while paused");
  assert.ok(parseFloat(pausedAt) < 100);

  await card.$('[data-testid="job-resume"]').click();
  await waitForState("Slow job", "completed", 180_000);
  assertDataMatchesPosCompute(folder, ID_SLOW, 65536);
});

/**
 * Closes the app and waits until its process is gone: one started before that would find
 * the old one still holding the single-instance name on D-Bus and stop (seen under load).
 */
async function closeAndWait() {
  const pid = appPid(driver, APP);
  await closeApp();
  await waitForExit(pid);
}

test("after a restart every job is still listed", async () => {
  await completedJob({ leaf: "data-restart", id: ID_RESTART, name: "Job before a restart" });
  const listed = await listedJobs();
  const states = new Map();
  for (const { name } of listed) states.set(name, await jobState(name));
  await closeAndWait();
  await openApp(APP);
  assert.equal(await jobState("Job before a restart"), "completed", "the test's own job after the restart");
  for (const [name, state] of states) {
    // jobState waits for the job's card: every job is listed again.
    const now = await jobState(name);
    if (state === "completed") assert.equal(now, "completed", `${name} after the restart`);
  }
  const cards = await session().$$('[data-testid="job-card"]');
  assert.equal(cards.length, listed.length, `listed before the restart: ${[...states.keys()].join(", ")}`);
  await shot("dashboard");
});

test("a newer or damaged job list is moved aside and the window says so", async () => {
  await completedJob({ leaf: "data-listed", id: ID_LISTED, name: "Job in the old list" });
  await closeAndWait();
  const jobsFile = join(profile, "data", "io.posdesktop.app", "jobs.json");
  assert.ok(existsSync(jobsFile), `${jobsFile} is where the app keeps its jobs`);
  writeFileSync(jobsFile, '{"version": 999, "jobs": [');
  await openApp(APP);
  const notice = byId("app-notice-startup");
  await notice.waitForDisplayed({ timeout: 10_000 });
  assert.match(await notice.getText(), /jobs\.json\.damaged/);
  assert.ok(existsSync(`${jobsFile}.damaged`), "the old list is kept");
  await byId("jobs-empty").waitForDisplayed({ timeout: 10_000 });
  // Not for synchronisation (both are displayed): WebKit's screenshot right after the first
  // paint was seen to show the page before it ("Loading your jobs…").
  await session().pause(500);
  await shot("startup-notice");
});

test("a folder that shards are writing says who writes it, and once they stop it is added and finished", async () => {
  const folder = join(work, "sharded");
  const id = "e5".repeat(32);
  const bits = String(JOB_DEFAULTS.label_bits);
  execFileSync(POS, ["job", "create", folder, "--id", id, "--salt", DEFAULT_SALT, "--n", "16384", "--bits", bits, "--labels", "4096", "--max-file-size", "1KiB"]);
  // Shard 0 of 2, as a cluster task would run it (on another machine sharing the folder).
  const shard = spawn(POS, ["job", "run", folder, "--no-gpu", "--threads", "1", "--shard", "0/2"], { stdio: "ignore" });
  const ended = new Promise((done) => shard.on("exit", done));
  const writing = () => JSON.parse(execFileSync(POS, ["job", "status", "--json", folder], { encoding: "utf8" })).files_being_written > 0;
  await session().waitUntil(async () => writing(), { timeout: 30_000, timeoutMsg: "the shard never started writing" });

  await byId("jobs-add-folder").click();
  await typeInto("folder-dialog-input", folder);
  await byId("dialog-confirm").click();
  const error = byId("folder-dialog-error");
  await error.waitForDisplayed({ timeout: 10_000 });
  assert.match(await error.getText(), /shard 0\/2 \(process \d+ on .+\) writes postdata_0\.bin/);
  assert.match(await error.getText(), /of \d+ files are complete/);
  await shot("add-folder-shards-writing");

  // A scheduler stops the task (SIGTERM): it pauses at its checkpoint. Now the window
  // takes the job over and computes the rest, the other shard's files too.
  shard.kill("SIGTERM");
  assert.equal(await ended, 130, "a stopped shard exits 130");
  await byId("dialog-confirm").click();
  await waitForState("sharded", "completed", 120_000);
  assertDataMatchesPosCompute(folder, id, 16384);
});

test("a job waits while the computer runs on battery, says so, and goes on when it is plugged in", async () => {
  const folder = join(work, "on-battery");
  const id = "f6".repeat(32);
  // N = 32,768 on one thread: about 15 seconds, time to unplug the computer mid-job.
  await createJob({ folder, id, name: "Laptop job", n: 32768 });
  const card = await jobCard("Laptop job");
  const percent = card.$('[data-testid="job-percent"]');
  await session().waitUntil(async () => parseFloat(await percent.getText()) > 0, {
    timeout: 60_000,
    timeoutMsg: "no progress reached the window",
  });
  writeFileSync(factsFile, JSON.stringify({ on_battery: true }));
  await waitForState("Laptop job", "queued", 15_000);
  const waiting = card.$('[data-testid="job-waiting-for"]');
  await waiting.waitForDisplayed({ timeout: 10_000 });
  assert.match(await waiting.getText(), /Paused: on battery; jobs go on when the computer is plugged in/);
  await shot("dashboard-on-battery");
  const heldAt = await percent.getText();
  await session().pause(1500);
  assert.equal(await percent.getText(), heldAt, "nothing is computed on battery");

  writeFileSync(factsFile, JSON.stringify({ on_battery: false }));
  await waitForState("Laptop job", "completed", 180_000);
  await byId("nav-settings").click();
  await byId("settings-compute").waitForDisplayed({ timeout: 10_000 });
  await byId("settings-compute").scrollIntoView();
  await shot("settings-when-to-compute");
  await byId("nav-jobs").click();
  assertDataMatchesPosCompute(folder, id, 32768);
});

test("the Doctor page checks OpenCL, the GPUs, memory, the job folders, sleep and the pause rules", async () => {
  await byId("nav-doctor").click();
  await session().waitUntil(async () => (await session().$$('[data-testid="doctor-check"]')).length >= 6, {
    timeout: 20_000,
    timeoutMsg: "the Doctor listed no checks",
  });
  const items = await session().$$('[data-testid="doctor-check"]');
  const ids = [];
  for (let i = 0; i < items.length; i += 1) ids.push(await items[i].getAttribute("data-check"));
  for (const id of ["opencl", "gpu_library", "gpus", "memory", "folder", "sleep", "pause_rules"]) {
    assert.ok(ids.includes(id), `no ${id} check in ${ids.join(", ")}`);
  }
  const memory = items[ids.indexOf("memory")];
  assert.match(await memory.getText(), /free of/);
  await shot("doctor");
  await byId("nav-jobs").click();
});
