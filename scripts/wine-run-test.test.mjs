// scripts/wine/run-test.sh lets through only Wine's exit race (SIGQUIT after every test
// passed): checked here with a stand-in for wine64 that prints a harness summary and then
// ends the way it is told, so a failing test can never be turned into a pass.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const RUNNER = resolve(import.meta.dirname, "wine", "run-test.sh");

/** Runs the runner with a fake wine64 that prints `summary` and ends with `ending`. */
function run(summary, ending) {
  const dir = mkdtempSync(join(tmpdir(), "wine-runner-"));
  const fake = join(dir, "wine64");
  writeFileSync(fake, `#!/usr/bin/env bash\necho "running 3 tests"\necho "${summary}"\n${ending}\n`);
  chmodSync(fake, 0o755);
  return spawnSync("bash", [RUNNER, "tests.exe"], {
    env: { ...process.env, POS_WINE: fake },
    encoding: "utf8",
  });
}

// Bash cannot undo a SIGQUIT ignored by its parent: Python resets it and then takes it.
const QUIT = `exec python3 -c 'import os, signal; signal.signal(signal.SIGQUIT, signal.SIG_DFL); os.kill(os.getpid(), signal.SIGQUIT)'`;

const OK = "test result: ok. 3 passed; 0 failed; 0 ignored";
const FAILED = "test result: FAILED. 2 passed; 1 failed; 0 ignored";

test("SIGQUIT after every test passed counts as passed, and says so", () => {
  const r = run(OK, QUIT);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Wine ended tests\.exe with SIGQUIT after every test passed/);
  assert.match(r.stdout, /test result: ok\./, "the harness's output is passed on");
});

test("SIGQUIT after a failed test keeps the failure", () => {
  assert.equal(run(FAILED, QUIT).status, 131);
});

test("a failed test's exit status is passed on", () => {
  assert.equal(run(FAILED, "exit 101").status, 101);
});

test("SIGQUIT before any summary is a failure", () => {
  assert.equal(run("thread 'main' panicked", QUIT).status, 131);
});

test("any other signal after a passing summary is a failure", () => {
  assert.equal(run(OK, "kill -KILL $$").status, 137);
});
