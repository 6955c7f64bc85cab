#!/usr/bin/env node
// Writes latest.json, the update manifest that tauri-plugin-updater reads, from the signed
// installers of one GitHub release. The release workflow runs it once, after every platform
// has uploaded its installers and their .sig files, so no platform's entry can overwrite
// another's (matrix jobs each editing one shared file would race).
//
//   node scripts/latest-json.mjs --sigs DIR --repo OWNER/NAME --tag vX.Y.Z --version X.Y.Z
//                                [--notes TEXT] [--out latest.json]
//
// DIR holds the release's `*.sig` assets, named as on the release; each signs the asset of
// the same name without `.sig`. Keys follow the updater: `{os}-{arch}-{installer}` (so an app
// installed from a .deb updates from a .deb) and `{os}-{arch}` as the fallback (AppImage,
// NSIS, .app). Fails when a platform the release workflow builds has no signed installer.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

/** The platforms every release must serve: a missing one makes its apps' checks fail. */
export const REQUIRED = ["linux-x86_64", "windows-x86_64", "darwin-x86_64", "darwin-aarch64"];

const INSTALLERS = [
  // [suffix, os, installer, the default for {os}-{arch}?]
  [".AppImage", "linux", "appimage", true],
  [".deb", "linux", "deb", false],
  [".rpm", "linux", "rpm", false],
  ["-setup.exe", "windows", "nsis", true],
  [".msi", "windows", "msi", false],
  [".app.tar.gz", "darwin", "app", true],
];

function archOf(name) {
  if (/(aarch64|arm64)/.test(name)) return "aarch64";
  if (/(x86_64|x64|amd64)/.test(name)) return "x86_64";
  return undefined;
}

/** The manifest for `assets` (release asset name -> signature text). */
export function manifest({ assets, repo, tag, version, notes, date = new Date() }) {
  const platforms = {};
  for (const [asset, signature] of Object.entries(assets)) {
    const match = INSTALLERS.find(([suffix]) => asset.endsWith(suffix));
    const arch = archOf(asset);
    if (!match || !arch) throw new Error(`${asset}.sig signs nothing the updater installs`);
    const [, os, installer, isDefault] = match;
    const entry = {
      signature: signature.trim(),
      url: `https://github.com/${repo}/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(asset)}`,
    };
    platforms[`${os}-${arch}-${installer}`] = entry;
    if (isDefault) platforms[`${os}-${arch}`] = entry;
  }
  const missing = REQUIRED.filter((key) => !(key in platforms));
  if (missing.length > 0) throw new Error(`no signed installer for ${missing.join(", ")}`);
  const sorted = Object.fromEntries(Object.entries(platforms).sort(([a], [b]) => a.localeCompare(b)));
  return { version, notes, pub_date: date.toISOString(), platforms: sorted };
}

function main() {
  const { values } = parseArgs({
    options: {
      sigs: { type: "string" },
      repo: { type: "string" },
      tag: { type: "string" },
      version: { type: "string" },
      notes: { type: "string" },
      out: { type: "string", default: "latest.json" },
    },
  });
  for (const name of ["sigs", "repo", "tag", "version"]) {
    if (!values[name]) throw new Error(`--${name} is required`);
  }
  const assets = {};
  for (const file of readdirSync(values.sigs).filter((f) => f.endsWith(".sig"))) {
    assets[file.slice(0, -".sig".length)] = readFileSync(join(values.sigs, file), "utf8");
  }
  const result = manifest({
    assets,
    repo: values.repo,
    tag: values.tag,
    version: values.version,
    notes:
      values.notes ??
      `PoS Desktop ${values.version}: see https://github.com/${values.repo}/releases/tag/${values.tag}`,
  });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`${values.out}: ${Object.keys(result.platforms).join(", ")}`);
}

if (process.argv[1] === import.meta.filename) {
  try {
    main();
  } catch (error) {
    console.error(`latest-json: ${error.message}`);
    process.exit(1);
  }
}
