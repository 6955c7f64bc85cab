// A dry run of the helper scripts the release workflow calls, against fake secrets and a
// fake release: release-config.mjs (what it turns on, what reaches $GITHUB_ENV, that no
// secret is printed) and latest-json.mjs as a command over a folder of release assets
// named as Tauri and tauri-action name them for this app.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { ALL_SECRETS, runReleaseConfig } from "./release-sandbox.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** Names of the variables that release-config.mjs appended to $GITHUB_ENV. */
const exported = (githubEnv) => [...githubEnv.matchAll(/^([A-Z_]+)<<(EOF_[0-9a-f]+)\n[\s\S]*?\n\2$/gm)].map((m) => m[1]);

test("release-config.mjs without secrets: unsigned build, nothing exported, updater off", () => {
  const { config, githubEnv, stdout } = runReleaseConfig({});
  assert.deepEqual(config, {});
  assert.equal(githubEnv, "");
  assert.match(stdout, /off {2}updater signatures \(missing: TAURI_SIGNING_PRIVATE_KEY, TAURI_UPDATER_PUBKEY\)/);
  assert.match(stdout, /off {2}macOS code signing/);
});

test("release-config.mjs with every secret: each group on, values whole, none printed", () => {
  const { config, githubEnv, stdout, dir } = runReleaseConfig(ALL_SECRETS);
  assert.deepEqual(config.plugins.updater, {
    pubkey: ALL_SECRETS.TAURI_UPDATER_PUBKEY.trim(),
    endpoints: ["https://github.com/o/pos-desktop/releases/latest/download/latest.json"],
    windows: { installMode: "passive" },
  });
  assert.equal(config.bundle.createUpdaterArtifacts, true);
  assert.equal(config.bundle.windows.certificateThumbprint, ALL_SECRETS.WINDOWS_CERTIFICATE_THUMBPRINT);
  assert.deepEqual(exported(githubEnv).sort(), [
    "APPLE_API_ISSUER",
    "APPLE_API_KEY",
    "APPLE_API_KEY_PATH",
    "APPLE_CERTIFICATE",
    "APPLE_CERTIFICATE_PASSWORD",
    "APPLE_ID",
    "APPLE_PASSWORD",
    "APPLE_SIGNING_IDENTITY",
    "APPLE_TEAM_ID",
    "TAURI_SIGNING_PRIVATE_KEY",
    "TAURI_SIGNING_PRIVATE_KEY_PASSWORD",
  ]);
  // The API key's text went to a private file outside the checkout, its path exported.
  const keyPath = join(dir, "runner-temp", `AuthKey_${ALL_SECRETS.APPLE_API_KEY}.p8`);
  assert.ok(githubEnv.includes(`APPLE_API_KEY_PATH<<`) && githubEnv.includes(keyPath));
  assert.equal(readFileSync(keyPath, "utf8"), ALL_SECRETS.APPLE_API_PRIVATE_KEY);
  for (const [name, value] of Object.entries(ALL_SECRETS)) {
    if (name.includes("KEY") || name.includes("PASSWORD") || name === "APPLE_CERTIFICATE") {
      assert.ok(!stdout.includes(value.trim()), `release-config.mjs printed ${name}`);
    }
  }
});

test("release-config.mjs passes on no part of an incomplete group", () => {
  // A certificate without its password, and a private key without its public half.
  const { config, githubEnv } = runReleaseConfig({
    APPLE_CERTIFICATE: ALL_SECRETS.APPLE_CERTIFICATE,
    APPLE_SIGNING_IDENTITY: ALL_SECRETS.APPLE_SIGNING_IDENTITY,
    TAURI_SIGNING_PRIVATE_KEY: ALL_SECRETS.TAURI_SIGNING_PRIVATE_KEY,
  });
  assert.deepEqual(config, {});
  assert.deepEqual(exported(githubEnv), []);
});

/** The signed assets one release has, named from this app's configuration as tauri-action uploads them. */
function fakeRelease(version) {
  const conf = readJson(join(ROOT, "src-tauri/tauri.conf.json"));
  const linux = readJson(join(ROOT, "src-tauri/tauri.linux.conf.json"));
  // GitHub turns spaces in asset names into dots.
  const app = conf.productName.replaceAll(" ", ".");
  const bin = linux.productName ?? app;
  return [
    `${bin}_${version}_amd64.AppImage`,
    `${bin}_${version}_amd64.deb`,
    `${bin}-${version}-1.x86_64.rpm`,
    `${app}_${version}_x64-setup.exe`,
    `${app}_${version}_x64_en-US.msi`,
    `${app}_aarch64.app.tar.gz`,
    `${app}_x64.app.tar.gz`,
  ];
}

test("latest-json.mjs as the workflow runs it, over a downloaded release folder", () => {
  const version = readJson(join(ROOT, "package.json")).version;
  const dir = mkdtempSync(join(tmpdir(), "pos-latest-"));
  for (const asset of fakeRelease(version)) {
    writeFileSync(join(dir, asset), "installer bytes");
    writeFileSync(join(dir, `${asset}.sig`), `signature of ${asset}\n`);
  }
  const out = join(dir, "latest.json");
  execFileSync(process.execPath, [
    join(ROOT, "scripts/latest-json.mjs"),
    ...["--sigs", dir, "--repo", "o/pos-desktop", "--tag", `v${version}`, "--version", version, "--out", out],
  ]);
  const json = readJson(out);
  assert.equal(json.version, version);
  assert.ok(!Number.isNaN(Date.parse(json.pub_date)));
  const setup = fakeRelease(version).find((a) => a.endsWith("-setup.exe"));
  assert.deepEqual(json.platforms["windows-x86_64"], {
    signature: `signature of ${setup}`,
    url: `https://github.com/o/pos-desktop/releases/download/v${version}/${setup}`,
  });
  for (const key of ["linux-x86_64", "darwin-aarch64", "darwin-x86_64", "windows-x86_64-msi", "linux-x86_64-deb"]) {
    assert.ok(json.platforms[key], `latest.json lacks ${key}`);
  }
});

test("latest-json.mjs fails, naming the platform, when one platform's installer is missing", () => {
  const version = readJson(join(ROOT, "package.json")).version;
  const dir = mkdtempSync(join(tmpdir(), "pos-latest-"));
  for (const asset of fakeRelease(version).filter((a) => !a.endsWith("_x64.app.tar.gz"))) {
    writeFileSync(join(dir, `${asset}.sig`), "sig");
  }
  const run = () =>
    execFileSync(
      process.execPath,
      [join(ROOT, "scripts/latest-json.mjs"), "--sigs", dir, "--repo", "o/r", "--tag", "v1", "--version", "1", "--out", join(dir, "l.json")],
      { stdio: "pipe" },
    );
  assert.throws(run, (error) => /no signed installer for darwin-x86_64/.test(error.stderr.toString()));
});
