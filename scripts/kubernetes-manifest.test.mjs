// deploy/kubernetes/pos-shards.yaml: valid against the Kubernetes schema (validate.sh runs
// kubernetes-validate, strict), broken copies refused, and what the schema cannot check: the
// shards are an Indexed Job whose completions, parallelism and `--shard I/K` agree, each
// with one GPU, all on the shared volume the job is created on. The validator comes from
// $KUBERNETES_VALIDATE, else .venv/bin/kubernetes-validate (scripts/setup.sh installs it);
// the manifest is parsed with the PyYAML that kubernetes-validate itself depends on.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const MANIFEST = join(ROOT, "deploy/kubernetes/pos-shards.yaml");
const VALIDATE_SH = join(ROOT, "deploy/kubernetes/validate.sh");
const VALIDATOR = resolve(ROOT, process.env.KUBERNETES_VALIDATE ?? ".venv/bin/kubernetes-validate");

function validate(...manifests) {
  assert.ok(existsSync(VALIDATOR), `no kubernetes-validate at ${VALIDATOR}: run scripts/setup.sh or set KUBERNETES_VALIDATE`);
  const r = spawnSync("bash", [VALIDATE_SH, VALIDATOR, ...manifests], { encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** A copy of the manifest with one text replaced (which must be there) in a temp folder. */
function brokenCopy(from, to) {
  const text = readFileSync(MANIFEST, "utf8");
  assert.ok(text.includes(from), `the manifest no longer has "${from}": update this test`);
  const file = join(mkdtempSync(join(tmpdir(), "pos-k8s-")), "broken.yaml");
  writeFileSync(file, text.replace(from, to));
  return file;
}

/** The manifest's objects, parsed by the Python that runs kubernetes-validate (its #! line). */
function objects() {
  const head = readFileSync(VALIDATOR, "utf8").split("\n", 3).join("\n");
  // pip writes `#!/path/python`, or for a long or spaced path a /bin/sh line that execs it.
  const python = head.match(/^#!(\S+)\s*$/m)?.[1].endsWith("/sh")
    ? head.match(/'''exec' "?([^"\n]+?)"? "\$0"/)?.[1]
    : head.match(/^#!(\S+)/)?.[1];
  assert.ok(python, `cannot tell which Python runs ${VALIDATOR}`);
  const load = "import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(open(sys.argv[1])) if d], sys.stdout)";
  const r = spawnSync(python, ["-c", load, MANIFEST], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function find(docs, kind, name) {
  const found = docs.find((d) => d.kind === kind && d.metadata?.name === name);
  assert.ok(found, `no ${kind} ${name} in the manifest (deploy/kubernetes/README.md uses that name)`);
  return found;
}

/** The claim of the volume that `container` mounts at `path`, and the pod's /tmp volume. */
function claimAt(podSpec, container, path) {
  const mount = container.volumeMounts?.find((m) => m.mountPath === path);
  assert.ok(mount, `${container.name} mounts nothing at ${path}`);
  const volume = podSpec.volumes?.find((v) => v.name === mount.name);
  return volume?.persistentVolumeClaim?.claimName;
}

test("the manifest passes kubernetes-validate --strict", () => {
  const { status, output } = validate();
  assert.equal(status, 0, output);
  for (const object of ["persistentvolumeclaim/pos-data", "pod/pos-toolbox", "job/pos-create", "job/pos-shards"]) {
    assert.match(output, new RegExp(`passed for resource ${object} against version 1\\.37`), output);
  }
});

test("a misspelled field is refused (strict validation)", () => {
  const { status, output } = validate(brokenCopy("backoffLimitPerIndex: 3", "backoffLimitPerIndx: 3"));
  assert.notEqual(status, 0, output);
  assert.match(output, /'backoffLimitPerIndx' was unexpected/);
});

test("a value of the wrong type is refused", () => {
  const { status, output } = validate(brokenCopy("parallelism: 4", "parallelism: four"));
  assert.notEqual(status, 0, output);
  assert.match(output, /spec\.parallelism: 'four' is not of type 'integer'/);
});

test("an object the validator has no schema for is refused, not just warned about", () => {
  const { status, output } = validate(brokenCopy("apiVersion: batch/v1", "apiVersion: batch/v9"));
  assert.notEqual(status, 0, output);
  assert.match(output, /no schema for its kind or apiVersion/);
});

test("shards: Indexed, completions = parallelism = K of --shard $(JOB_COMPLETION_INDEX)/K, one GPU each", () => {
  const docs = objects();
  const job = find(docs, "Job", "pos-shards");
  const pod = job.spec.template.spec;
  // The schema has no enums: `Indexd` would pass kubernetes-validate.
  assert.equal(job.spec.completionMode, "Indexed");
  assert.equal(pod.restartPolicy, "Never");
  assert.ok(job.spec.backoffLimitPerIndex >= 1, "a failed shard is retried on its own");
  assert.equal(pod.containers.length, 1);
  const [shard] = pod.containers;

  const at = shard.args.indexOf("--shard");
  assert.ok(at >= 0, `no --shard in ${JSON.stringify(shard.args)}`);
  // $(VAR), which Kubernetes expands in args; $VAR would reach pos as it is.
  const k = Number(shard.args[at + 1].match(/^\$\(JOB_COMPLETION_INDEX\)\/(\d+)$/)?.[1]);
  assert.ok(k >= 1, `--shard ${shard.args[at + 1]} is not $(JOB_COMPLETION_INDEX)/K`);
  assert.equal(job.spec.completions, k, "completions = K");
  assert.equal(job.spec.parallelism, k, "parallelism = K");
  assert.equal(shard.resources.limits["nvidia.com/gpu"], 1);

  // A FailIndex rule for another container's name would never match.
  for (const rule of job.spec.podFailurePolicy?.rules ?? []) {
    if (rule.onExitCodes?.containerName) assert.equal(rule.onExitCodes.containerName, shard.name);
  }
});

test("the job is created once, on the shared volume the shards run on", () => {
  const docs = objects();
  const pvc = find(docs, "PersistentVolumeClaim", "pos-data");
  assert.ok(pvc.spec.accessModes.includes("ReadWriteMany"), "every shard pod mounts the volume");
  const shards = find(docs, "Job", "pos-shards");
  const create = find(docs, "Job", "pos-create");
  const toolbox = find(docs, "Pod", "pos-toolbox");
  // Separate steps: in one apply the shards would start before the folder exists.
  assert.equal(shards.metadata.labels["pos-step"], "run");
  for (const prepare of [pvc, create, toolbox]) assert.equal(prepare.metadata.labels["pos-step"], "prepare");

  const [run] = shards.spec.template.spec.containers;
  const [made] = create.spec.template.spec.containers;
  assert.deepEqual(run.args.slice(0, 2), ["job", "run"]);
  assert.deepEqual(made.args.slice(0, 2), ["job", "create"]);
  assert.equal(run.args[2], made.args[2], "pos job run works on the folder pos job create made");
  assert.match(run.args[2], /^\/data\//);
  for (const [spec, container] of [
    [shards.spec.template.spec, run],
    [create.spec.template.spec, made],
    [toolbox.spec, toolbox.spec.containers[0]],
  ]) {
    assert.equal(claimAt(spec, container, "/data"), pvc.metadata.name, `${container.name} mounts the claim at /data`);
    assert.equal(container.image, run.image, "one image everywhere");
    // Non-root, read-only root; the GPU driver's cache goes to $HOME = /tmp, an emptyDir.
    assert.equal(spec.securityContext.runAsNonRoot, true);
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(container.env?.find((e) => e.name === "HOME"), { name: "HOME", value: "/tmp" });
    const tmp = spec.volumes.find((v) => v.name === container.volumeMounts.find((m) => m.mountPath === "/tmp")?.name);
    assert.ok(tmp?.emptyDir, `${container.name}: /tmp is not an emptyDir`);
  }
});

test("validate.sh is shellcheck-clean", () => {
  const r = spawnSync("shellcheck", [VALIDATE_SH], { encoding: "utf8" });
  assert.ifError(r.error); // shellcheck missing: scripts/setup.sh installs it
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
