#!/usr/bin/env node
// Puts the pinned gpu-post release for one platform into resources/, so that the
// installer bundles it: downloads the zip named in resources/gpu-post.lock.json, checks
// its SHA-256 against the lock file, and extracts the files the lock lists. Fails (exit 1,
// one line saying why) on a placeholder hash, a mismatch, or a file missing from the zip.
// The release workflow runs this; the binaries are never committed (.gitignore).
//
//   node scripts/fetch-gpu-post.mjs [--platform linux-x64|windows-x64|macos-x64|macos-arm64]
//                                   [--from-dir DIR] [--out DIR] [--lock FILE]
//   node scripts/fetch-gpu-post.mjs --check     the lock file's shape; placeholders warned
//
// --platform defaults to this machine; --from-dir takes the zip from DIR instead of the
// network (same name as in the URL); --out defaults to resources/.

import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const ROOT = resolve(import.meta.dirname, "..");
const SHA256 = /^[0-9a-f]{64}$/;

function fail(message) {
  throw new Error(message);
}

function thisPlatform() {
  const os = { linux: "linux", win32: "windows", darwin: "macos" }[process.platform];
  const arch = { x64: "x64", arm64: "arm64" }[process.arch];
  return `${os}-${arch}`;
}

/** Every problem with the lock file's shape, and the platforms whose hash is a placeholder. */
function inspect(lock) {
  const problems = [];
  const placeholders = [];
  if (!/^\d+\.\d+\.\d+$/.test(lock.version ?? "")) problems.push(`version "${lock.version}" is not x.y.z`);
  for (const [platform, entry] of Object.entries(lock.platforms ?? {})) {
    const url = entry.url ?? "";
    if (!url.startsWith(`https://github.com/${lock.repository}/releases/download/v${lock.version}/`)) {
      problems.push(`${platform}: the url is not a file of ${lock.repository} release v${lock.version}`);
    }
    if (!Array.isArray(entry.files) || entry.files.length === 0)
      problems.push(`${platform}: no files listed`);
    if (!SHA256.test(entry.sha256 ?? "")) placeholders.push(platform);
  }
  if (Object.keys(lock.platforms ?? {}).length === 0) problems.push("no platforms");
  return { problems, placeholders };
}

async function download(url, to) {
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const response = await fetch(url, { redirect: "follow" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      writeFileSync(to, Buffer.from(await response.arrayBuffer()));
      return;
    } catch (error) {
      lastError = error;
      console.error(`fetch-gpu-post: ${url}: ${error.message} (attempt ${attempt} of 3)`);
      await new Promise((r) => setTimeout(r, 2000 * attempt));
    }
  }
  fail(`cannot download ${url}: ${lastError.message}`);
}

/** Extracts `files` from the zip into `out`: bsdtar on Windows (it reads zip files), unzip elsewhere. */
function extract(zip, files, out) {
  if (process.platform === "win32") {
    // The tar.exe of Windows itself; Git Bash's GNU tar earlier on the PATH cannot read zips.
    const tar = join(process.env.SystemRoot ?? "C:\\Windows", "System32", "tar.exe");
    execFileSync(tar, ["-xf", zip, "-C", out, ...files], { stdio: "inherit" });
  } else {
    execFileSync("unzip", ["-o", "-j", "-q", zip, ...files, "-d", out], { stdio: "inherit" });
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      platform: { type: "string" },
      "from-dir": { type: "string" },
      out: { type: "string", default: join(ROOT, "resources") },
      lock: { type: "string", default: join(ROOT, "resources/gpu-post.lock.json") },
      check: { type: "boolean", default: false },
    },
  });
  const lock = JSON.parse(readFileSync(values.lock, "utf8"));
  const { problems, placeholders } = inspect(lock);
  if (problems.length > 0) fail(`${values.lock}: ${problems.join("; ")}`);
  if (values.check) {
    if (placeholders.length > 0) {
      console.warn(
        `fetch-gpu-post: WARNING: no SHA-256 yet for ${placeholders.join(", ")} (placeholders): ` +
          "the release workflow will refuse to build those installers until they are filled in",
      );
    }
    console.log(`fetch-gpu-post: ${values.lock}: gpu-post ${lock.version}, well formed`);
    return;
  }

  const platform = values.platform ?? thisPlatform();
  const entry = lock.platforms[platform];
  if (!entry) fail(`no gpu-post for ${platform} in ${values.lock}`);
  if (placeholders.includes(platform)) {
    fail(
      `the SHA-256 of ${entry.url} in ${values.lock} is a placeholder ("${entry.sha256}"). ` +
        "Download the file, check where it came from, and write its sha256sum there; " +
        "refusing to bundle a library nobody has checked",
    );
  }

  const work = mkdtempSync(join(tmpdir(), "gpu-post-"));
  try {
    const zip = join(work, basename(new URL(entry.url).pathname));
    if (values["from-dir"]) {
      const local = join(values["from-dir"], basename(zip));
      if (!existsSync(local)) fail(`${local} does not exist`);
      writeFileSync(zip, readFileSync(local));
    } else {
      console.log(`fetch-gpu-post: downloading ${entry.url}`);
      await download(entry.url, zip);
    }
    const actual = createHash("sha256").update(readFileSync(zip)).digest("hex");
    if (actual !== entry.sha256) {
      fail(
        `${basename(zip)} has SHA-256 ${actual}, but ${values.lock} pins ${entry.sha256}: not bundling it`,
      );
    }
    mkdirSync(values.out, { recursive: true });
    extract(zip, entry.files, values.out);
    for (const file of entry.files) {
      if (!existsSync(join(values.out, file))) fail(`${basename(zip)} has no ${file}`);
    }
    console.log(
      `fetch-gpu-post: gpu-post ${lock.version} for ${platform} (sha256 ${actual}): ` +
        `${entry.files.join(", ")} in ${values.out}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`fetch-gpu-post: ${error.message}`);
  process.exit(1);
}
