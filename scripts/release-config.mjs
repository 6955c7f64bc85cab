#!/usr/bin/env node
// Run by the release workflow before `tauri build`: turns on what the repository's secrets
// allow, and nothing else, so that a fork without secrets still builds unsigned installers.
//
// - Writes src-tauri/tauri.release.conf.json, which the build merges (`--config`):
//   the updater (public key, latest.json endpoint, updater artifacts) when both halves of
//   the update key exist; the Windows certificate's thumbprint when one was imported.
// - Appends to $GITHUB_ENV only complete groups of signing secrets. Tauri's bundler takes a
//   variable that is set but empty (how a missing secret arrives) as a credential and fails,
//   so incomplete groups are left out rather than passed on empty.
//
// Reads: TAURI_SIGNING_PRIVATE_KEY, TAURI_SIGNING_PRIVATE_KEY_PASSWORD, TAURI_UPDATER_PUBKEY,
// UPDATER_ENDPOINT (optional), GITHUB_REPOSITORY, WINDOWS_CERTIFICATE_THUMBPRINT, and the
// APPLE_* variables below. Prints what it turned on; never prints a secret.

import { appendFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, "src-tauri/tauri.release.conf.json");
const env = process.env;
const has = (name) => (env[name] ?? "").trim() !== "";

/** Groups of variables that only work together; the optional ones pass on when present. */
const APPLE_SIGNING = ["APPLE_CERTIFICATE", "APPLE_CERTIFICATE_PASSWORD", "APPLE_SIGNING_IDENTITY"];
const GROUPS = [
  {
    what: "updater signatures",
    needs: ["TAURI_SIGNING_PRIVATE_KEY", "TAURI_UPDATER_PUBKEY"],
    passes: ["TAURI_SIGNING_PRIVATE_KEY", "TAURI_SIGNING_PRIVATE_KEY_PASSWORD"],
  },
  { what: "macOS code signing", needs: APPLE_SIGNING, passes: APPLE_SIGNING },
  // Notarisation needs a signed app: each way of logging in to Apple needs signing too.
  {
    what: "macOS notarisation (Apple ID)",
    needs: [...APPLE_SIGNING, "APPLE_ID", "APPLE_PASSWORD", "APPLE_TEAM_ID"],
    passes: ["APPLE_ID", "APPLE_PASSWORD", "APPLE_TEAM_ID"],
  },
  {
    what: "macOS notarisation (App Store Connect API key)",
    needs: [...APPLE_SIGNING, "APPLE_API_ISSUER", "APPLE_API_KEY", "APPLE_API_PRIVATE_KEY"],
    passes: ["APPLE_API_ISSUER", "APPLE_API_KEY"],
  },
];

function exportVariable(name, value) {
  if (!env.GITHUB_ENV) return;
  // The multi-line form, so a PEM or base64 block with newlines arrives whole.
  const delimiter = `EOF_${randomBytes(8).toString("hex")}`;
  appendFileSync(env.GITHUB_ENV, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

const config = {};
const report = [];

for (const group of GROUPS) {
  const missing = group.needs.filter((name) => !has(name));
  const on = missing.length === 0;
  report.push(`${on ? "on " : "off"}  ${group.what}${on ? "" : ` (missing: ${missing.join(", ")})`}`);
  if (!on) continue;
  for (const name of group.passes) if (has(name)) exportVariable(name, env[name]);
  if (group.what.includes("API key")) {
    // Tauri reads the key from a file: write the secret's text to one outside the checkout.
    const path = join(env.RUNNER_TEMP ?? tmpdir(), `AuthKey_${env.APPLE_API_KEY}.p8`);
    writeFileSync(path, env.APPLE_API_PRIVATE_KEY, { mode: 0o600 });
    exportVariable("APPLE_API_KEY_PATH", path);
  }
  if (group.what === "updater signatures") {
    const endpoint = has("UPDATER_ENDPOINT")
      ? env.UPDATER_ENDPOINT
      : `https://github.com/${env.GITHUB_REPOSITORY}/releases/latest/download/latest.json`;
    config.bundle = { ...config.bundle, createUpdaterArtifacts: true };
    // NSIS (per user) updates without admin rights; passive shows only a progress bar.
    config.plugins = {
      updater: {
        pubkey: env.TAURI_UPDATER_PUBKEY.trim(),
        endpoints: [endpoint],
        windows: { installMode: "passive" },
      },
    };
    report.push(`     update endpoint: ${endpoint}`);
  }
}

if (has("WINDOWS_CERTIFICATE_THUMBPRINT")) {
  config.bundle = {
    ...config.bundle,
    windows: { certificateThumbprint: env.WINDOWS_CERTIFICATE_THUMBPRINT.trim() },
  };
  report.push("on   Windows code signing (certificate imported)");
} else if (process.platform === "win32") {
  report.push("off  Windows code signing (no WINDOWS_CERTIFICATE)");
}

writeFileSync(OUT, `${JSON.stringify(config, null, 2)}\n`);
console.log(`release configuration (${OUT}):\n${report.map((line) => `  ${line}`).join("\n")}`);
