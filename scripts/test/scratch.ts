/** Scratch copies of the repository for the tests that edit what the release scripts read. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../release-check';

/** A temp folder for the calling test file, made before its tests and removed after them; call it for its path. */
export function scratchFolder(prefix: string): () => string {
  let work: string | undefined;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });
  return () => work!;
}

/** A fresh folder in `work` with a copy of each of `files` (paths from the repository's root). */
export function copyOfRepository(work: string, files: readonly string[]): string {
  const root = mkdtempSync(path.join(work, 'repo-'));
  for (const file of files) cpSync(path.join(ROOT, file), path.join(root, file));
  return root;
}
