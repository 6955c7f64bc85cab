// scripts/fetch-gpu-post.mjs without the network: a zip made here stands for the release
// (--from-dir), with a lock file pinning its hash, a wrong hash, or a placeholder.
// Run by `npm test` (node --test scripts/).

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SCRIPT = resolve(import.meta.dirname, "fetch-gpu-post.mjs");
const REAL_LOCK = resolve(import.meta.dirname, "../resources/gpu-post.lock.json");

function release() {
  const dir = mkdtempSync(join(tmpdir(), "gpu-post-test-"));
  const files = join(dir, "files");
  mkdirSync(files);
  writeFileSync(join(files, "libgpu-setup.so"), "not really a library");
  writeFileSync(join(files, "api.h"), "/* header */");
  const zipName = "libgpu-setup-linux-9.9.9.zip";
  // Python's zipfile: no zip tool needed. Names inside are flat, as gpu-post's are.
  execFileSync("python3", ["-m", "zipfile", "-c", join(dir, zipName), "libgpu-setup.so", "api.h"], {
    cwd: files,
  });
  const sha256 = createHash("sha256")
    .update(readFileSync(join(dir, zipName)))
    .digest("hex");
  return { dir, zipName, sha256 };
}

function lockFile(dir, sha256, files = ["libgpu-setup.so"]) {
  const lock = {
    repository: "spacemeshos/gpu-post",
    version: "9.9.9",
    platforms: {
      "linux-x64": {
        url: "https://github.com/spacemeshos/gpu-post/releases/download/v9.9.9/libgpu-setup-linux-9.9.9.zip",
        sha256,
        files,
      },
    },
  };
  const path = join(dir, `lock-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(lock));
  return path;
}

function fetchGpuPost(lock, fromDir, out) {
  return spawnSync(
    process.execPath,
    [SCRIPT, "--platform", "linux-x64", "--lock", lock, "--from-dir", fromDir, "--out", out],
    { encoding: "utf8" },
  );
}

test("the pinned zip is checked and its listed files extracted", () => {
  const { dir, sha256 } = release();
  const out = join(dir, "resources");
  const run = fetchGpuPost(lockFile(dir, sha256), dir, out);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(readFileSync(join(out, "libgpu-setup.so"), "utf8"), "not really a library");
  assert.equal(existsSync(join(out, "api.h")), false, "only the listed files");
});

test("a zip whose SHA-256 differs from the pin is refused, and nothing extracted", () => {
  const { dir } = release();
  const out = join(dir, "resources");
  const run = fetchGpuPost(lockFile(dir, "0".repeat(64)), dir, out);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /has SHA-256 [0-9a-f]{64}, but .* pins 0{64}/);
  assert.equal(existsSync(join(out, "libgpu-setup.so")), false);
});

test("a placeholder hash is refused loudly", () => {
  const { dir } = release();
  const run = fetchGpuPost(lockFile(dir, "PLACEHOLDER: not yet verified"), dir, join(dir, "out"));
  assert.equal(run.status, 1);
  assert.match(run.stderr, /is a placeholder/);
});

test("a file the lock lists but the zip lacks fails", () => {
  const { dir, sha256 } = release();
  const run = fetchGpuPost(
    lockFile(dir, sha256, ["libgpu-setup.so", "libvulkan.so.1"]),
    dir,
    join(dir, "out"),
  );
  assert.equal(run.status, 1);
  assert.match(run.stderr, /libvulkan\.so\.1/);
});

test("the committed lock file is well formed, one entry per release platform", () => {
  const run = spawnSync(process.execPath, [SCRIPT, "--check"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const lock = JSON.parse(readFileSync(REAL_LOCK, "utf8"));
  assert.deepEqual(Object.keys(lock.platforms).sort(), [
    "linux-x64",
    "macos-arm64",
    "macos-x64",
    "windows-x64",
  ]);
});
