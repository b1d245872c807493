// A temporary copy of the repository's fixture app (tests edit files; the original stays intact).
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_ROOT = fileURLToPath(new URL('../../../../tests/fixtures/vite-app', import.meta.url));

export function copyFixture() {
  const parent = realpathSync(mkdtempSync(path.join(tmpdir(), 'rx-plugin-test-')));
  const root = path.join(parent, 'app');
  cpSync(FIXTURE_ROOT, root, {
    recursive: true,
    filter: (source) => !/[\\/]node_modules[\\/]\.(vite|vite-temp|runner-extensible)([\\/]|$)/.test(source),
  });
  return {
    root,
    /** Replaces text in a file of the copy and returns its absolute path. */
    edit(relativeFile, search, replacement) {
      const file = path.join(root, relativeFile);
      const text = readFileSync(file, 'utf8');
      if (!text.includes(search)) throw new Error(`${relativeFile} does not contain ${search}`);
      writeFileSync(file, text.replace(search, replacement));
      return file;
    },
    dispose() {
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
