// Every action the workflows use is pinned to a full commit SHA with the release it is
// (`uses: owner/repo@<40 hex> # vX.Y.Z`): a tag can be moved to other code, a commit cannot.
// The same action is at the same commit everywhere. actionlint (scripts/test.sh) checks the
// rest of the workflows.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const DIR = resolve(import.meta.dirname, "../.github/workflows");
const PINNED = /^([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/;
function usesLines() {
  const found = [];
  for (const file of readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f))) {
    readFileSync(join(DIR, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        const match = line.match(/^\s*(?:-\s+)?uses:\s*(.+?)\s*$/);
        if (match) found.push({ where: `${file}:${i + 1}`, uses: match[1] });
      });
  }
  return found;
}

test("every action is pinned to a commit with its version named", () => {
  const lines = usesLines();
  assert.ok(lines.length > 0, "no uses: lines found: is the pattern still right?");
  for (const { where, uses } of lines) {
    if (uses.startsWith("./")) continue; // an action of this repository, pinned by the checkout
    assert.match(uses, PINNED, `${where}: "${uses}" is not pinned as owner/repo@<40-hex SHA> # vX.Y.Z`);
  }
});

test("one action, one commit: the same version in every workflow", () => {
  const seen = new Map();
  for (const { where, uses } of usesLines()) {
    const match = uses.match(PINNED);
    if (!match) continue;
    const [, action, sha, version] = match;
    const first = seen.get(action);
    if (!first) seen.set(action, { sha, version, where });
    else assert.deepEqual({ sha, version }, { sha: first.sha, version: first.version }, `${where}: ${action} differs from ${first.where}`);
  }
});
