// Copies the committed fixture app to a fresh temporary folder, so recordings (and the edits the
// HMR scenarios make) never touch the committed files.
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * @param {string} fixtureRoot absolute path of the committed fixture folder
 * @returns {{ root: string, dispose(): void }}
 */
export function copyFixture(fixtureRoot) {
  const parent = realpathSync(mkdtempSync(path.join(tmpdir(), 'rx-vite-fixture-')));
  const root = path.join(parent, 'app');
  cpSync(fixtureRoot, root, {
    recursive: true,
    // Caches Vite may have left in a developer's checkout are not part of the fixture.
    filter: (source) => !/[\\/]node_modules[\\/]\.(vite|vite-temp|runner-extensible)([\\/]|$)/.test(source),
  });
  return {
    root,
    dispose() {
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
