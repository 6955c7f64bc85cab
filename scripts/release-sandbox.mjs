// For the tests: runs scripts/release-config.mjs as the release workflow does, but in a
// temporary copy of the repository's layout, so it writes its tauri.release.conf.json and
// $GITHUB_ENV there and never into the checkout.

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** A full set of (fake) secrets and variables, as the workflow passes them. */
export const ALL_SECRETS = {
  TAURI_SIGNING_PRIVATE_KEY: "fake-private-key",
  TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "fake-key-password",
  TAURI_UPDATER_PUBKEY: " dW50cnVzdGVkIGNvbW1lbnQ6IGZha2UgcHVibGljIGtleQ== \n",
  APPLE_CERTIFICATE: "ZmFrZS1wMTI=",
  APPLE_CERTIFICATE_PASSWORD: "fake-p12-password",
  APPLE_SIGNING_IDENTITY: "Developer ID Application: Fake (TEAM123456)",
  APPLE_ID: "fake@example.com",
  APPLE_PASSWORD: "fake-app-password",
  APPLE_TEAM_ID: "TEAM123456",
  APPLE_API_ISSUER: "fake-issuer",
  APPLE_API_KEY: "FAKEKEY123",
  APPLE_API_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nZmFrZQ==\n-----END PRIVATE KEY-----",
  WINDOWS_CERTIFICATE_THUMBPRINT: "0123456789ABCDEF0123456789ABCDEF01234567",
};

/**
 * Runs release-config.mjs with `vars` as its only secrets and variables (a secret that is
 * not set arrives as an empty string, as in the workflow). Returns the configuration it
 * wrote, the $GITHUB_ENV lines, what it printed and the temporary folder.
 */
export function runReleaseConfig(vars) {
  const dir = mkdtempSync(join(tmpdir(), "pos-release-"));
  mkdirSync(join(dir, "scripts"));
  mkdirSync(join(dir, "src-tauri"));
  mkdirSync(join(dir, "runner-temp"));
  copyFileSync(join(ROOT, "scripts/release-config.mjs"), join(dir, "scripts/release-config.mjs"));
  const githubEnv = join(dir, "github-env");
  writeFileSync(githubEnv, "");
  const empty = Object.fromEntries(Object.keys(ALL_SECRETS).map((name) => [name, ""]));
  const stdout = execFileSync(process.execPath, [join(dir, "scripts/release-config.mjs")], {
    env: {
      PATH: process.env.PATH,
      ...empty,
      ...vars,
      GITHUB_ENV: githubEnv,
      GITHUB_REPOSITORY: "o/pos-desktop",
      RUNNER_TEMP: join(dir, "runner-temp"),
    },
    encoding: "utf8",
  });
  return {
    config: JSON.parse(readFileSync(join(dir, "src-tauri/tauri.release.conf.json"), "utf8")),
    githubEnv: readFileSync(githubEnv, "utf8"),
    stdout,
    dir,
  };
}
