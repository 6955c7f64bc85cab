// scripts/latest-json.mjs: the update manifest from a release's signed installers, with
// asset names as GitHub gives them (spaces become dots). Run by `npm test`.

import { test } from "node:test";
import assert from "node:assert/strict";

import { manifest } from "./latest-json.mjs";

const RELEASE = {
  "pos-desktop_0.2.0_amd64.AppImage": "sig-appimage\n",
  "pos-desktop_0.2.0_amd64.deb": "sig-deb",
  "pos-desktop-0.2.0-1.x86_64.rpm": "sig-rpm",
  "PoS.Desktop_0.2.0_x64-setup.exe": "sig-nsis",
  "PoS.Desktop_0.2.0_x64_en-US.msi": "sig-msi",
  "PoS.Desktop_aarch64.app.tar.gz": "sig-mac-arm",
  "PoS.Desktop_x64.app.tar.gz": "sig-mac-intel",
};
const args = { repo: "o/pos-desktop", tag: "v0.2.0", version: "0.2.0", notes: "n", date: new Date(0) };

test("every installer under its own key, and one default per platform", () => {
  const json = manifest({ ...args, assets: RELEASE });
  assert.equal(json.version, "0.2.0");
  assert.equal(json.pub_date, "1970-01-01T00:00:00.000Z");
  assert.deepEqual(Object.keys(json.platforms), [
    "darwin-aarch64",
    "darwin-aarch64-app",
    "darwin-x86_64",
    "darwin-x86_64-app",
    "linux-x86_64",
    "linux-x86_64-appimage",
    "linux-x86_64-deb",
    "linux-x86_64-rpm",
    "windows-x86_64",
    "windows-x86_64-msi",
    "windows-x86_64-nsis",
  ]);
  // Per-user NSIS is the Windows default: it updates without admin rights.
  assert.equal(json.platforms["windows-x86_64"].signature, "sig-nsis");
  assert.equal(json.platforms["linux-x86_64"].signature, "sig-appimage");
  assert.equal(json.platforms["darwin-x86_64"].signature, "sig-mac-intel");
  assert.equal(
    json.platforms["linux-x86_64-deb"].url,
    "https://github.com/o/pos-desktop/releases/download/v0.2.0/pos-desktop_0.2.0_amd64.deb",
  );
});

test("a release missing a platform is refused", () => {
  const { "PoS.Desktop_x64.app.tar.gz": _intel, ...withoutIntelMac } = RELEASE;
  assert.throws(
    () => manifest({ ...args, assets: withoutIntelMac }),
    /no signed installer for darwin-x86_64/,
  );
});

test("a signature of something the updater cannot install is refused", () => {
  assert.throws(
    () => manifest({ ...args, assets: { ...RELEASE, "PoS.Desktop_0.2.0_x64.dmg": "s" } }),
    /signs nothing/,
  );
});
