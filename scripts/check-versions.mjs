#!/usr/bin/env node
// The app has one version, written in package.json. Checks that every other place that
// states it agrees: package-lock.json, the Cargo workspace (every crate inherits it),
// Cargo.lock, and tauri.conf.json (which points at ../package.json). Installers, the
// updater's latest.json and the About page all take their version from these files, so
// a mismatch ships an app that reports one version and installs as another.
//
// Usage: node scripts/check-versions.mjs    (exit 1 and a line per mismatch)
// To release a new version: change package.json's "version", run `npm install` (lock
// file) and set [workspace.package] version in Cargo.toml, then `cargo update -w`.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const read = (path) => readFileSync(join(ROOT, path), "utf8");

/** The value of `key = "..."` inside `[section]` of a TOML file (enough for Cargo.toml). */
function tomlValue(text, section, key) {
  let inSection = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("[")) inSection = line === `[${section}]`;
    else if (inSection) {
      const match = line.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`));
      if (match) return match[1];
    }
  }
  return undefined;
}

function collectVersions() {
  const found = [];
  const pkg = JSON.parse(read("package.json"));
  found.push(["package.json", pkg.version]);

  const lock = JSON.parse(read("package-lock.json"));
  found.push(["package-lock.json", lock.version]);
  found.push(['package-lock.json packages[""]', lock.packages?.[""]?.version]);

  const cargo = read("Cargo.toml");
  found.push(["Cargo.toml [workspace.package]", tomlValue(cargo, "workspace.package", "version")]);

  // Every workspace crate inherits the version, so none can drift on its own.
  const members = [...cargo.matchAll(/"((?:crates\/[^"]+)|src-tauri)"/g)].map((m) => m[1]);
  for (const member of members) {
    const manifest = read(join(member, "Cargo.toml"));
    const own = tomlValue(manifest, "package", "version");
    if (own !== undefined) found.push([`${member}/Cargo.toml (not version.workspace = true)`, own]);
  }

  // Cargo.lock records the app crate's version; `--locked` builds fail when it is stale.
  const cargoLock = read("Cargo.lock");
  const app = cargoLock.match(/\[\[package\]\]\nname = "pos-desktop"\nversion = "([^"]+)"/);
  found.push(["Cargo.lock pos-desktop", app?.[1]]);

  const tauri = JSON.parse(read("src-tauri/tauri.conf.json"));
  if (tauri.version === "../package.json") {
    // Tauri reads the version from package.json itself: nothing that can drift.
  } else {
    found.push(["src-tauri/tauri.conf.json", tauri.version]);
  }
  return { expected: pkg.version, found };
}

function main() {
  const { expected, found } = collectVersions();
  const wrong = found.filter(([, version]) => version !== expected);
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(expected ?? "")) {
    console.error(`package.json: "${expected}" is not a semantic version (like 1.2.3)`);
    process.exit(1);
  }
  if (wrong.length > 0) {
    console.error(`The app's version is ${expected} (package.json), but:`);
    for (const [where, version] of wrong) console.error(`  ${where}: ${version ?? "(missing)"}`);
    console.error(
      "Set every one to the same version (see the comment at the top of scripts/check-versions.mjs).",
    );
    process.exit(1);
  }
  console.log(
    `version ${expected}: package.json, package-lock.json, Cargo.toml, Cargo.lock, tauri.conf.json agree`,
  );
}

main();
