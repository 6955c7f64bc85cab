// End-to-end tests of what a person does with the real app, beyond the first job: a
// graphics card through the gpu-post library (the fake one, crates/gpu-post-fake), delete,
// abort, verify and reorder from the window, a crash and a restart while a job runs, the
// window's Quit, closing to the tray and the tray's menu.
//
// Every test stands alone: its own profile, folders and jobs, its own tauri-driver and app
// (journey-steps.mjs), so they pass in any order and one at a time (`--test-name-pattern`).
// Screenshots are e2e/artifacts/journeys-*.png.

import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  appPid,
  assertDataMatchesPosCompute,
  byId,
  closeApp,
  crashApp,
  createJob,
  isRunning,
  jobCard,
  jobState,
  openApp,
  restartApp,
  session,
  shot,
  waitForState,
} from "./support.mjs";
import { clickTray, closeWindow, trayMenu, until, waitForTrayMenu, waitForWindow } from "./desktop-shell.mjs";
import {
  APP,
  GPU,
  GPU_NAME,
  TRAY_MENU,
  addFolder,
  cardOrder,
  click,
  clickEndingTheApp,
  computing,
  journey,
  onDisk,
  posJob,
  shownPercent,
  waitForCardGone,
  waitForCheckpoint,
  waitForGone,
  waitForOrder,
} from "./journey-steps.mjs";

journey(
  "a graphics card of the gpu-post library is listed on Processors and computes a job while the CPU computes another, both with pos compute's bytes, and Verify says so",
  { gpuDelayMs: 8 },
  async ({ folder }) => {
    await byId("nav-processors").click();
    const row = session().$(`[data-testid="provider-row"][data-provider-id="${GPU}"]`);
    await row.waitForDisplayed({ timeout: 30_000 });
    assert.match(await row.getText(), new RegExp(GPU_NAME));
    assert.match(await row.getText(), /Graphics card \(CUDA\)/);
    assert.equal(await byId("gpu-library-status").getAttribute("data-status"), "loaded");
    await row.$('[data-testid="provider-measure"]').click();
    const speed = row.$('[data-testid="provider-speed"]');
    await speed.waitForDisplayed({ timeout: 30_000, timeoutMsg: "the graphics card was not measured" });
    assert.match(await speed.getText(), /labels\/s/);
    await shot("journeys-processors-fake-gpu");

    const onGpu = folder("on-gpu");
    const onCpu = folder("on-cpu");
    const gpuId = "a7".repeat(32);
    const cpuId = "b8".repeat(32);
    // 4,300 labels, 8 ms each on the graphics card: about 35 seconds, time to start the
    // second job beside it. N = 32,768 on the CPU's one thread: about five seconds.
    await createJob({ folder: onGpu, id: gpuId, name: "On the graphics card", processors: [GPU] });
    await createJob({ folder: onCpu, id: cpuId, name: "On the processor", n: 32768, processors: ["cpu"] });
    await session().waitUntil(
      async () =>
        (await jobState("On the graphics card")) === "running" &&
        (await jobState("On the processor")) === "running" &&
        (await computing("On the graphics card")) &&
        (await computing("On the processor")),
      { timeout: 60_000, interval: 250, timeoutMsg: "the two jobs did not run at once" },
    );
    const gpuCard = await jobCard("On the graphics card");
    const cpuCard = await jobCard("On the processor");
    assert.equal(await gpuCard.$('[data-testid="job-providers"]').getText(), GPU_NAME);
    assert.doesNotMatch(await cpuCard.$('[data-testid="job-providers"]').getText(), new RegExp(GPU_NAME));
    await shot("journeys-dashboard-two-processors");

    await waitForState("On the processor", "completed", 120_000);
    await waitForState("On the graphics card", "completed", 120_000);
    assertDataMatchesPosCompute(onGpu, gpuId, 512);
    assertDataMatchesPosCompute(onCpu, cpuId, 32768);
    assert.deepEqual(onDisk(onGpu).providers_used, [GPU]);

    await gpuCard.$('[data-testid="job-verify"]').click();
    const verified = gpuCard.$('[data-testid="verify-result"]');
    await verified.waitForDisplayed({ timeout: 30_000 });
    assert.equal(await verified.getAttribute("data-mismatches"), "0");
    assert.match(await verified.getText(), /all correct/);
    await shot("journeys-verified");
  },
);

journey(
  "Delete in the window keeps the data files, or removes them when the box is ticked, as its dialog says",
  {},
  async ({ folder, driver }) => {
    const keep = folder("keep-data");
    const remove = folder("remove-data");
    const keepId = "c9".repeat(32);
    posJob(keep, keepId, { run: true });
    posJob(remove, "da".repeat(32), { run: true });
    // A file of the person's own in the folder: Delete removes only what the app wrote.
    writeFileSync(join(remove, "my-notes.txt"), "not PoS data\n");
    await addFolder(keep);
    await waitForState("keep-data", "completed", 30_000);
    await addFolder(remove);
    await waitForState("remove-data", "completed", 30_000);

    await click("keep-data", "job-delete");
    const dialog = byId("delete-dialog");
    await dialog.waitForDisplayed();
    assert.ok((await dialog.getText()).includes(`Its data files stay in ${keep}`), await dialog.getText());
    assert.equal(await byId("delete-with-data").isSelected(), false, "keeping the data is the default");
    await byId("dialog-confirm").click();
    await waitForCardGone("keep-data");
    assert.ok(existsSync(join(keep, "pos-meta.json")));
    assertDataMatchesPosCompute(keep, keepId, 512);

    await click("remove-data", "job-delete");
    await dialog.waitForDisplayed();
    await byId("delete-with-data").click();
    assert.equal(await byId("dialog-confirm").getText(), "Delete job and data");
    await shot("journeys-delete-with-data");
    await byId("dialog-confirm").click();
    await waitForCardGone("remove-data");
    assert.deepEqual(readdirSync(remove), ["my-notes.txt"]);

    await restartApp(driver, APP);
    await byId("jobs-empty").waitForDisplayed({ timeout: 15_000 });
  },
);

journey(
  "Abort in the window stops a running job for good; its data stays until the job is deleted",
  {},
  async ({ folder, driver }) => {
    const data = folder("to-abort");
    // N = 65,536 on one thread: about 20 seconds.
    posJob(data, "eb".repeat(32), { n: 65536, labels: 8192 });
    await addFolder(data);
    await waitForState("to-abort", "running", 30_000);
    await waitForCheckpoint(data, 0.05);

    await click("to-abort", "job-abort");
    await byId("abort-dialog").waitForDisplayed();
    await byId("dialog-confirm").click();
    await waitForState("to-abort", "cancelled", 15_000);
    const stopped = onDisk(data).durable_labels;
    assert.ok(stopped < onDisk(data).total_labels, "aborted before the end");
    await session().pause(1500);
    assert.equal(onDisk(data).durable_labels, stopped, "nothing is computed after Abort");
    const card = await jobCard("to-abort");
    assert.equal(
      await card.$('[data-testid="job-resume"]').isExisting(),
      false,
      "an aborted job cannot be resumed",
    );
    await shot("journeys-aborted");

    await restartApp(driver, APP);
    assert.equal(await jobState("to-abort"), "cancelled", "still aborted after a restart");
    assert.equal(onDisk(data).durable_labels, stopped, "nothing was computed at the start");

    await click("to-abort", "job-delete");
    await byId("delete-dialog").waitForDisplayed();
    await byId("delete-with-data").click();
    await byId("dialog-confirm").click();
    await waitForCardGone("to-abort");
    assert.equal(existsSync(data), false, "the folder held only the job's files, so it is gone too");
  },
);

journey(
  "queued jobs move up and down by clicks; the order holds after a restart and decides which runs next",
  { gpuDelayMs: 5 },
  async ({ folder, driver }) => {
    // One processor for every job, the graphics card: the person turns the CPU off.
    await byId("nav-processors").click();
    const cpu = session().$(
      '[data-testid="provider-row"][data-provider-id="cpu"] [data-testid="provider-enabled"]',
    );
    await cpu.waitForDisplayed({ timeout: 30_000 });
    await cpu.click();
    await session().waitUntil(async () => !(await cpu.isSelected()), {
      timeout: 10_000,
      timeoutMsg: "the CPU stayed on",
    });
    await byId("nav-jobs").click();

    // The first keeps the graphics card busy for about 20 seconds (4,096 labels, 5 ms
    // each); the others, about 5 seconds each, wait.
    const jobs = {
      first: { id: "f1".repeat(32), labels: 4096 },
      second: { id: "f2".repeat(32), labels: 1024 },
      third: { id: "f3".repeat(32), labels: 1024 },
    };
    const ids = {};
    for (const [name, { id, labels }] of Object.entries(jobs)) {
      posJob(folder(name), id, { labels });
      await addFolder(folder(name));
      ids[name] = await (await jobCard(name)).getAttribute("data-job-id");
      if (name === "first") await waitForState("first", "running", 30_000);
    }
    assert.equal(await jobState("second"), "queued");
    assert.equal(await jobState("third"), "queued");
    await waitForOrder([ids.first, ids.second, ids.third]);

    await click("third", "job-move-up");
    await waitForOrder([ids.first, ids.third, ids.second]);
    await click("third", "job-move-down");
    await waitForOrder([ids.first, ids.second, ids.third]);
    await click("second", "job-move-down");
    await waitForOrder([ids.first, ids.third, ids.second]);
    await shot("journeys-queue-reordered");

    await restartApp(driver, APP);
    await jobCard("second");
    assert.deepEqual(await cardOrder(), [ids.first, ids.third, ids.second], "the order after a restart");
    await session().waitUntil(async () => (await jobState("third")) !== "queued", {
      timeout: 90_000,
      interval: 250,
      timeoutMsg: "third never started",
    });
    assert.equal(await jobState("second"), "queued", "third runs before second");
    await waitForState("second", "completed", 90_000);
    for (const [name, { id }] of Object.entries(jobs)) {
      assert.equal(await jobState(name), "completed");
      assertDataMatchesPosCompute(folder(name), id, 512);
      assert.deepEqual(onDisk(folder(name)).providers_used, [GPU]);
    }
  },
);

journey(
  "after a crash while a job runs, the next start lists it and it goes on from its checkpoint to pos compute's bytes",
  { gpuDelayMs: 5 },
  async ({ folder, driver }) => {
    const data = folder("crashed");
    const id = "ac".repeat(32);
    const name = "Through a crash";
    // 4,300 labels, 5 ms each: about 20 seconds.
    await createJob({ folder: data, id, name, processors: [GPU] });
    await waitForState(name, "running", 30_000);
    await waitForCheckpoint(data, 0.25);
    const checkpoint = onDisk(data);

    await crashApp(driver, APP);
    await openApp(APP);
    // The window's first figure is the job's checkpoint: nothing made before the crash is lost.
    const floorPercent = Math.floor((checkpoint.durable_labels / checkpoint.total_labels) * 1000) / 10;
    assert.ok(
      (await shownPercent(name)) >= floorPercent,
      `the job starts again from ${floorPercent}% or later`,
    );
    await waitForState(name, "completed", 120_000);
    assertDataMatchesPosCompute(data, id, 512);
  },
);

journey(
  "Quit in the window asks while a job runs, ends the app with the job at a checkpoint, and the job goes on at the next start",
  { gpuDelayMs: 6 },
  async ({ folder, driver }) => {
    const data = folder("quit-while-computing");
    const id = "bd".repeat(32);
    await createJob({ folder: data, id, name: "Quit while computing", processors: [GPU] });
    await waitForState("Quit while computing", "running", 30_000);
    await waitForCheckpoint(data, 0.1);
    const pid = appPid(driver, APP);

    await byId("nav-quit").click();
    const dialog = byId("quit-dialog");
    await dialog.waitForDisplayed({ timeout: 10_000 });
    assert.match(await dialog.getText(), /1 job is running\./);
    await shot("journeys-quit-asks");
    await byId("dialog-cancel").click();
    await waitForGone('[data-testid="quit-dialog"]', "the question did not close");
    assert.ok(isRunning(pid), "Keep running keeps the app");
    assert.equal(await jobState("Quit while computing"), "running");

    await byId("nav-quit").click();
    await dialog.waitForDisplayed({ timeout: 10_000 });
    await clickEndingTheApp(byId("dialog-confirm"), pid);
    await closeApp();
    const checkpoint = onDisk(data);
    assert.ok(
      checkpoint.durable_labels > 0 && !checkpoint.complete,
      `a checkpoint part way: ${checkpoint.durable_labels}`,
    );

    await openApp(APP);
    const floorPercent = Math.floor((checkpoint.durable_labels / checkpoint.total_labels) * 1000) / 10;
    assert.ok((await shownPercent("Quit while computing")) >= floorPercent, `goes on from ${floorPercent}%`);
    await waitForState("Quit while computing", "completed", 120_000);
    assertDataMatchesPosCompute(data, id, 512);
    assert.deepEqual(onDisk(data).providers_used, [GPU]);

    // With nothing running, Quit ends the app at once.
    await clickEndingTheApp(byId("nav-quit"), appPid(driver, APP));
  },
);

journey(
  "closed to the tray the app keeps computing, and the tray menu pauses, resumes, opens the window and quits",
  { gpuDelayMs: 8, tray: true },
  async ({ folder, driver }) => {
    await waitForTrayMenu(TRAY_MENU);
    await byId("nav-settings").click();
    const toTray = byId("settings-close-to-tray");
    await toTray.waitForExist({ timeout: 10_000 });
    assert.equal(await toTray.isSelected(), true, "closing to the tray is the default");
    await byId("nav-jobs").click();

    const data = folder("behind-the-tray");
    const id = "ce".repeat(32);
    const name = "Behind the tray";
    await createJob({ folder: data, id, name, processors: [GPU] });
    await waitForState(name, "running", 30_000);
    const pid = appPid(driver, APP);

    closeWindow();
    await waitForWindow("hidden");
    assert.ok(isRunning(pid), "closing the window keeps the app");
    const hiddenAt = onDisk(data).durable_labels;
    await until(() => onDisk(data).durable_labels > hiddenAt, 30_000, "nothing was computed behind the tray");
    // With the window gone, the tray's menu says how the jobs stand.
    await until(
      () => trayMenu().some((label) => /^PoS Desktop: .*running/.test(label)),
      15_000,
      () => `the tray menu does not say a job runs: ${JSON.stringify(trayMenu())}`,
    );

    clickTray("Pause all jobs");
    await waitForState(name, "paused", 15_000);
    const pausedAt = onDisk(data).durable_labels;
    clickTray("Resume all jobs");
    await waitForState(name, "running", 15_000);
    await until(
      () => onDisk(data).durable_labels > pausedAt,
      30_000,
      "the job did not go on after Resume all jobs",
    );

    clickTray("Open PoS Desktop");
    await waitForWindow("shown");
    await (await jobCard(name)).waitForDisplayed();
    await shot("journeys-opened-from-tray");

    clickTray("Quit");
    const dialog = byId("quit-dialog");
    await dialog.waitForDisplayed({ timeout: 10_000 });
    await clickEndingTheApp(byId("dialog-confirm"), pid);
    await closeApp();
    assert.equal(onDisk(data).complete, false, "quit part way");

    await openApp(APP);
    await waitForState(name, "completed", 120_000);
    assertDataMatchesPosCompute(data, id, 512);
  },
);
