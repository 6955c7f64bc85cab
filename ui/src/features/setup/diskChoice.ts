// Which of the listed disks a folder is on, so the list shows the disk of a typed or picked
// folder as chosen. Paths compare by whole parts, case-insensitively for Windows drives.
import type { DiskChoice } from "../../bindings";

const parts = (path: string) =>
  path
    .split(/[\\/]+/)
    .filter((part) => part.length > 0)
    .map((part) => (/^[a-z]:$/i.test(part) ? part.toUpperCase() : part));

/** The disk whose mount point is the longest whole-part prefix of `folder`; `null` for none. */
export function diskOf(folder: string, disks: readonly DiskChoice[]): DiskChoice | null {
  const path = parts(folder.trim());
  if (folder.trim().length === 0) return null;
  let best: DiskChoice | null = null;
  let bestLength = -1;
  for (const disk of disks) {
    const mount = parts(disk.mount_point);
    const within = mount.length <= path.length && mount.every((part, index) => part === path[index]);
    if (within && mount.length > bestLength) {
      best = disk;
      bestLength = mount.length;
    }
  }
  return best;
}
