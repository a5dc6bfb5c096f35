/**
 * What the print pool needs from its host: LibreOffice and Debian's python3-uno
 * installed, and the work directories of renderers that died cleaned up.
 * @module
 */
import { accessSync, constants, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Whether `path` is an executable file. */
export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Removes work directories left by renderers that died without cleaning up (their PID is gone). */
export function removeStaleDirs(base: string): void {
  for (const name of readdirSync(base)) {
    const pid = Number(/^verzend-print-(\d+)-/.exec(name)?.[1] ?? 0);
    if (pid <= 0 || pid === process.pid) {
      continue;
    }
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') {
        rmSync(join(base, name), { recursive: true, force: true });
      }
    }
  }
}

/** Finds what printing needs on this machine; the reason when something is missing. */
export function checkPrintingInstalled(sofficeBin: string, python: string): string | null {
  if (!executable(sofficeBin)) {
    return `LibreOffice is not installed (${sofficeBin} not found; Debian: apt-get install libreoffice-writer-nogui python3-uno)`;
  }
  if (!executable(python)) {
    return `${python} is not installed (Debian: apt-get install python3-uno)`;
  }
  return null;
}
