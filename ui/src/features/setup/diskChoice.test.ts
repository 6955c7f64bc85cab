import { describe, expect, it } from "vitest";

import { fixtures } from "../../platform/testing/fixtures";
import { diskOf } from "./diskChoice";

describe("diskOf", () => {
  const { disks } = fixtures.diskChoices();
  const mountOf = (folder: string) => diskOf(folder, disks)?.mount_point ?? null;

  it("finds the disk with the longest mount point that holds the folder", () => {
    expect(mountOf("/mnt/data/PoS")).toBe("/mnt/data");
    expect(mountOf("/home/ana/pos")).toBe("/");
    expect(mountOf("/media/ana/USB")).toBe("/media/ana/USB");
  });

  it("compares whole parts of the path, not letters", () => {
    expect(mountOf("/mnt/database/PoS")).toBe("/");
  });

  it("finds no disk for an empty or relative folder", () => {
    expect(mountOf("")).toBeNull();
    expect(
      diskOf(
        "pos",
        disks.filter((disk) => disk.mount_point !== "/"),
      ),
    ).toBeNull();
  });

  it("matches Windows drives whatever the case of the letter", () => {
    const [first] = disks;
    if (first === undefined) throw new Error("the fixture lists disks");
    const windows = [
      { ...first, mount_point: "C:\\", folder: "C:\\Users\\ana\\PoS" },
      { ...first, mount_point: "D:\\", folder: "D:\\PoS" },
    ];
    expect(diskOf("d:\\PoS", windows)?.mount_point).toBe("D:\\");
    expect(diskOf("C:/Users/ana/PoS", windows)?.mount_point).toBe("C:\\");
  });
});
