// The bundle configuration that only the release runners use (Windows NSIS and MSI, the
// macOS .app and .dmg, the updater), checked here so a typo fails `npm test` rather than a
// release: tauri.conf.json with each platform's overlay and a release overlay as
// scripts/release-config.mjs writes it, against the schema of the installed Tauri CLI, and
// the files it names (entitlements, icons) for their real format and sizes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
// ajv comes with ESLint (a dev dependency); draft-07, as Tauri's schema.
import Ajv from "ajv";

import { ALL_SECRETS, runReleaseConfig } from "./release-sandbox.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const TAURI = join(ROOT, "src-tauri");
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const conf = readJson(join(TAURI, "tauri.conf.json"));

/** RFC 7396 merge patch: how Tauri applies a platform file and `--config` over the base. */
function mergePatch(target, patch) {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out = target && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function schemaValidator() {
  const schema = readJson(join(ROOT, "node_modules/@tauri-apps/cli/config.schema.json"));
  const ajv = new Ajv({ allErrors: true, logger: false });
  // Rust number formats (schemars): the type keyword already checks what matters.
  for (const format of ["double", "float", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64"]) {
    ajv.addFormat(format, () => true);
  }
  return ajv.compile(schema);
}
const validate = schemaValidator();

function assertValid(config, what) {
  const ok = validate(config);
  const errors = (validate.errors ?? []).map((e) => `${e.dataPath || "(top)"} ${e.message} ${JSON.stringify(e.params)}`);
  assert.ok(ok, `${what} does not match Tauri's configuration schema:\n  ${errors.join("\n  ")}`);
}

test("tauri.conf.json, each platform's overlay and the release overlay match Tauri's schema", () => {
  assertValid(conf, "src-tauri/tauri.conf.json");
  for (const os of ["linux", "windows", "macos"]) {
    const path = join(TAURI, `tauri.${os}.conf.json`);
    if (existsSync(path)) assertValid(mergePatch(conf, readJson(path)), `tauri.conf.json + tauri.${os}.conf.json`);
  }
  // What scripts/release-config.mjs writes with every secret set (the most it ever adds).
  const release = runReleaseConfig(ALL_SECRETS).config;
  assert.ok(release.plugins?.updater, "release-config.mjs wrote no updater configuration");
  assertValid(mergePatch(conf, release), "tauri.conf.json + the release overlay (release-config.mjs)");
});

test("the schema check catches a misspelt key (the check itself works)", () => {
  const typo = mergePatch(conf, { bundle: { windows: { nsis: { installMod: "currentUser" } } } });
  assert.equal(validate(typo), false);
});

test("identifier and version: reverse-DNS, and the version from package.json", () => {
  // The identifier names the app's data and settings folders on every platform: it must
  // never change once released (existing installs would lose their queue and settings).
  assert.match(conf.identifier, /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z0-9-]+)+$/);
  assert.equal(conf.version, "../package.json");
  assert.ok(conf.bundle.active, "bundle.active is off: no installers would be built");
  for (const target of ["nsis", "msi", "app", "dmg", "deb", "rpm", "appimage"]) {
    assert.ok(conf.bundle.targets.includes(target), `bundle.targets lacks ${target}, which release.yml builds`);
  }
});

test("Windows: per-user NSIS, an MSI upgrade code, SHA-256 signatures with a timestamp", () => {
  const win = conf.bundle.windows;
  assert.equal(win.nsis.installMode, "currentUser", "per-user NSIS installs and updates without admin rights");
  // A fixed upgrade code is what lets a newer MSI replace an older one rather than install beside it.
  assert.match(win.wix.upgradeCode, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  assert.equal(win.digestAlgorithm, "sha256");
  assert.match(win.timestampUrl, /^https?:\/\/[^\s]+$/);
  // MSI (WiX) refuses product versions that are not numeric X.Y.Z with X, Y <= 255.
  const version = readJson(join(ROOT, "package.json")).version;
  const [major, minor, patch] = version.split(/[.+-]/).map(Number);
  assert.ok(major <= 255 && minor <= 255 && patch <= 65535, `version ${version} is not a valid MSI version`);
});

test("macOS: minimum version, hardened runtime, and an entitlements file that is a property list", () => {
  const mac = conf.bundle.macOS;
  assert.match(mac.minimumSystemVersion, /^\d+\.\d+(\.\d+)?$/);
  const [major, minor] = mac.minimumSystemVersion.split(".").map(Number);
  // Tauri 2's WebKit needs macOS 10.15 at least.
  assert.ok(major > 10 || (major === 10 && minor >= 15), `minimumSystemVersion ${mac.minimumSystemVersion} is below 10.15`);
  assert.equal(mac.hardenedRuntime, true, "notarisation requires the hardened runtime");
  const path = join(TAURI, mac.entitlements);
  assert.ok(existsSync(path), `entitlements file ${path} is missing`);
  const plist = readFileSync(path, "utf8");
  assert.match(plist, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  assert.match(plist, /<plist version="1\.0">\s*<dict>[\s\S]*<\/dict>\s*<\/plist>\s*$/);
  // Every key is followed by a value (a typo such as <true> for <true/> breaks codesign).
  const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*(<[^>]+>)/g)];
  assert.ok(keys.length > 0, "entitlements has no keys");
  for (const [, key, value] of keys) {
    assert.match(key, /^com\.apple\.security\.[a-z0-9.-]+$/, `unexpected entitlement ${key}`);
    assert.match(value, /^<(true\/|false\/|string|array|dict)>$/, `${key} has no valid value`);
  }
});

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(buffer, path) {
  assert.equal(buffer.toString("latin1", 1, 4), "PNG", `${path} is not a PNG`);
  assert.equal(buffer.toString("latin1", 12, 16), "IHDR", `${path} has no IHDR chunk`);
  return [buffer.readUInt32BE(16), buffer.readUInt32BE(20)];
}

/** The sizes an .ico holds (entries within the file). */
function icoSizes(buffer, path) {
  assert.equal(buffer.readUInt16LE(0), 0, `${path} is not an .ico`);
  assert.equal(buffer.readUInt16LE(2), 1, `${path} is not an icon (.ico type 1)`);
  const sizes = [];
  for (let i = 0; i < buffer.readUInt16LE(4); i++) {
    const entry = 6 + 16 * i;
    const [bytes, offset] = [buffer.readUInt32LE(entry + 8), buffer.readUInt32LE(entry + 12)];
    assert.ok(offset + bytes <= buffer.length, `${path}: image ${i} lies past the end of the file`);
    sizes.push(buffer[entry] || 256);
  }
  return sizes;
}

/** The chunk types an .icns holds, its length field checked. */
function icnsTypes(buffer, path) {
  assert.equal(buffer.toString("latin1", 0, 4), "icns", `${path} is not an .icns`);
  assert.equal(buffer.readUInt32BE(4), buffer.length, `${path}: length field differs from the file size`);
  const types = [];
  for (let at = 8; at < buffer.length; at += buffer.readUInt32BE(at + 4)) {
    assert.ok(buffer.readUInt32BE(at + 4) >= 8, `${path}: chunk at ${at} has a bad length`);
    types.push(buffer.toString("latin1", at, at + 4));
  }
  return types;
}

test("every listed icon exists, in its format and at the size its name says", () => {
  const kinds = new Set();
  for (const icon of conf.bundle.icon) {
    const path = join(TAURI, icon);
    assert.ok(existsSync(path), `icon ${icon} (bundle.icon) does not exist`);
    const buffer = readFileSync(path);
    if (icon.endsWith(".png")) {
      const [width, height] = pngSize(buffer, icon);
      assert.equal(width, height, `${icon} is not square`);
      const named = icon.match(/(\d+)x(\d+)(@2x)?\.png$/);
      if (named) assert.equal(width, Number(named[1]) * (named[3] ? 2 : 1), `${icon} is ${width}px wide`);
      else assert.ok(width >= 512, `${icon} is ${width}px: the Linux and store icons want 512 or more`);
      kinds.add("png");
    } else if (icon.endsWith(".ico")) {
      const sizes = icoSizes(buffer, icon);
      // Explorer, the taskbar and the installers pick from these.
      for (const size of [16, 32, 48, 256]) assert.ok(sizes.includes(size), `${icon} lacks ${size}x${size}`);
      kinds.add("ico");
    } else if (icon.endsWith(".icns")) {
      const types = icnsTypes(buffer, icon);
      // ic10: 512x512@2x (1024 px), what Finder and the Dock show on Retina screens.
      for (const type of ["ic07", "ic10"]) assert.ok(types.includes(type), `${icon} lacks its ${type} image`);
      kinds.add("icns");
    } else {
      assert.fail(`icon ${icon} is neither .png, .ico nor .icns`);
    }
  }
  // Windows installers need the .ico, macOS bundles the .icns.
  assert.deepEqual([...kinds].sort(), ["icns", "ico", "png"]);
});
