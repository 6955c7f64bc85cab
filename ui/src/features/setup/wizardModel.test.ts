import { describe, expect, it } from "vitest";

import { JOB_DEFAULTS } from "../../bindings";
import { setFormatLocale, toGibText } from "../../lib/format";
import { fixtures } from "../../platform/testing/fixtures";
import {
  buildJobRequest,
  DEFAULT_SALT,
  fileLimitNote,
  folderProblem,
  gibToBytes,
  identityProblems,
  initialDraft,
  labelsFor,
  sizeProblem,
  sizeWarning,
} from "./wizardModel";

const GIB = 2 ** 30;
const ID = "ab".repeat(32);

describe("wizard model", () => {
  it("starts from the settings' defaults", () => {
    const draft = initialDraft(fixtures.settings({ default_folder: "/data", default_n: 1024 }));
    expect(draft).toMatchObject({
      folder: "/data",
      n: "1024",
      labelBits: "8",
      maxFileGib: "4",
      salt: DEFAULT_SALT,
    });
  });

  it("refuses a folder the app cannot write to, with the engine's reason", () => {
    expect(folderProblem("/ro", fixtures.folderInfo({ writable: false }))).toMatch(
      /^The app cannot write to this folder\. Choose another folder/,
    );
    expect(
      folderProblem(
        "/ro",
        fixtures.folderInfo({ writable: false, not_writable_reason: "Permission denied." }),
      ),
    ).toMatch(/^The app cannot write to this folder \(Permission denied\)\. Choose another folder/);
    expect(folderProblem("", null)).toMatch(/Choose a folder/);
    expect(folderProblem("/ok", fixtures.folderInfo())).toBeNull();
  });

  it("refuses a size larger than the free space and warns when the disk would be almost full", () => {
    const info = fixtures.folderInfo({ free_bytes: 100 * GIB, total_bytes: 500 * GIB });
    expect(sizeProblem("101", info, 8)).toMatch(/more than the free space/);
    expect(sizeProblem("abc", info, 8)).toMatch(/number of GiB/);
    expect(sizeProblem("100", info, 8)).toBeNull();
    expect(sizeWarning(100 * GIB, info)).toMatch(/leaves only 0 bytes free/);
    expect(sizeWarning(50 * GIB, info)).toBeNull();
  });

  it("reads a size with the locale's decimal separator, and a point in any locale", () => {
    expect(gibToBytes("12.5")).toBe(12.5 * GIB);
    // English writes a comma between thousands, so "12,5" is not a size there.
    expect(gibToBytes("12,5")).toBeNull();
    expect(sizeProblem("12,5", null, 8)).toBe("Enter the size as a number of GiB, such as 100 or 12.5.");

    setFormatLocale("de-DE");
    expect(gibToBytes("12,5")).toBe(12.5 * GIB);
    expect(gibToBytes("12.5")).toBe(12.5 * GIB);
    expect(sizeProblem("12,5", null, 8)).toBeNull();
    expect(sizeProblem("zwölf", null, 8)).toBe("Enter the size as a number of GiB, such as 100 or 12,5.");
    // What a share button writes reads back as the same size.
    const share = toGibText(0.75 * 931.5 * GIB);
    expect(share).toBe("698,62");
    expect(gibToBytes(share)).toBe(Math.floor(698.62 * GIB));
    expect(initialDraft(fixtures.settings({ default_max_file_bytes: 1.5 * GIB })).maxFileGib).toBe("1,5");
  });

  it("checks every identity value", () => {
    const draft = { ...initialDraft(fixtures.settings()), id: ID };
    expect(Object.values(identityProblems(draft)).every((problem) => problem === null)).toBe(true);
    const bad = identityProblems({
      ...draft,
      n: "500",
      labelBits: "0",
      powDifficulty: "12",
      maxFileGib: "0",
      id: "xyz",
    });
    expect(bad.n).toMatch(/power of two/);
    expect(bad.labelBits).toMatch(/from 1 to 256/);
    expect(bad.powDifficulty).toMatch(/The difficulty has 2 digits/);
    expect(bad.maxFileGib).toMatch(/largest size/);
    expect(bad.id).toMatch(/"x", which is not a hexadecimal digit/);
  });

  it("builds the request add_job expects", () => {
    const draft = {
      ...initialDraft(fixtures.settings()),
      folder: " D:\\PoS\\disk1 ",
      sizeGib: "1.5",
      id: `0x${ID.toUpperCase()}`,
      labelBits: "16",
      powDifficulty: "F".repeat(64),
    };
    expect(buildJobRequest(draft, ["cpu"], fixtures.folderInfo())).toEqual({
      name: "disk1",
      dir: "D:\\PoS\\disk1",
      id: ID,
      salt: DEFAULT_SALT,
      n: 512,
      label_bits: 16,
      total_labels: labelsFor(1.5 * GIB, 16),
      pow_difficulty: "f".repeat(64),
      providers: { mode: "specific", ids: ["cpu"] },
      max_file_bytes: 4 * GIB,
    });
    expect(labelsFor(1.5 * GIB, 16)).toBe(805_306_368);
  });

  it("lowers the file size to what a FAT32 drive holds, and says so", () => {
    const fat = fixtures.folderInfo({ file_system: "vfat", max_file_bytes: 4 * GIB - 1 });
    const draft = { ...initialDraft(fixtures.settings()), folder: "/media/usb/pos", sizeGib: "8", id: ID };
    expect(buildJobRequest(draft, ["cpu"], fat).max_file_bytes).toBe(4 * GIB - 1);
    expect(fileLimitNote(4 * GIB, fat)).toBe(
      "Files of at most 4 GiB − 1 byte because this drive is FAT32; the data is split into more files.",
    );
    expect(fileLimitNote(GIB, fat)).toBeNull();
    expect(fileLimitNote(4 * GIB, fixtures.folderInfo())).toBeNull();
    expect(buildJobRequest(draft, ["cpu"], fixtures.folderInfo()).max_file_bytes).toBe(4 * GIB);
  });

  it("takes its defaults and limits from the engine's generated file", () => {
    expect(DEFAULT_SALT).toBe(JOB_DEFAULTS.salt);
    expect(JOB_DEFAULTS).toMatchObject({ n: 512, label_bits: 8, max_n: 2 ** 20, max_label_bits: 256 });
    expect(
      identityProblems({ ...initialDraft(fixtures.settings()), id: ID, maxFileGib: "0.0005" }).maxFileGib,
    ).toMatch(/at least 1\.0 MiB/);
  });
});
