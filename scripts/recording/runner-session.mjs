// One recording session: a fresh fixture copy, a fresh Vite server on a wire, and (optionally)
// Vite's own ModuleRunner connected over that wire, so every message a runner exchanges is logged.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESModulesEvaluator, ModuleRunner } from 'vite/module-runner';
import { copyFixture } from './fixture-copy.mjs';
import { createWire, createWireTransport } from './wire.mjs';
import { announceChange, startViteServer } from './vite-server.mjs';

export const START_OFFSET = 3;

/**
 * @param {string} fixtureRoot committed fixture folder
 * @param {(session: Session) => Promise<void>} body
 */
export async function withSession(fixtureRoot, body) {
  const copy = copyFixture(fixtureRoot);
  const previousCwd = process.cwd();
  // Vite prints some paths relative to the working directory (e.g. in transform errors);
  // running from the copy keeps them independent of where the repository lives.
  process.chdir(copy.root);
  const wire = createWire();
  const { server, environment } = await startViteServer(copy.root, wire);
  const session = new Session(copy.root, wire, server, environment);
  try {
    await body(session);
  } finally {
    await session.close();
    process.chdir(previousCwd);
    copy.dispose();
  }
}

export class Session {
  /** @type {ModuleRunner | undefined} */
  runner;
  /** HMR logger output of Vite's runner, as [level, message] pairs. */
  runnerLog = [];

  constructor(root, wire, server, environment) {
    this.root = root;
    this.wire = wire;
    this.server = server;
    this.environment = environment;
    globalThis.__rxFixtureLog = [];
  }

  /** What the fixture modules pushed to globalThis.__rxFixtureLog so far. */
  get fixtureLog() {
    return [...globalThis.__rxFixtureLog];
  }

  /** The `{result}|{error}` answer exactly as `environment.hot.handleInvoke` produces it, JSON round-tripped. */
  async invoke(name, ...args) {
    const answer = await this.environment.hot.handleInvoke({
      type: 'custom',
      event: 'vite:invoke',
      data: { id: 'send', name, data: args },
    });
    return JSON.parse(JSON.stringify(answer));
  }

  startRunner() {
    this.runner = new ModuleRunner(
      {
        transport: createWireTransport(this.wire),
        sourcemapInterceptor: 'prepareStackTrace',
        hmr: {
          logger: {
            debug: (...messages) => this.runnerLog.push(['debug', messages.join(' ')]),
            error: (error) => this.runnerLog.push(['error', error instanceof Error ? error.message : String(error)]),
          },
        },
      },
      new ESModulesEvaluator(),
    );
    return this.runner;
  }

  /**
   * Edits a file of the fixture copy and announces the change as Vite's watcher would.
   * @param {string} relativeFile e.g. "src/hmr/self.ts"
   * @param {[string, string][]} replacements each [search, replacement]; each must match
   */
  edit(relativeFile, replacements) {
    const file = path.join(this.root, relativeFile);
    let text = readFileSync(file, 'utf8');
    for (const [search, replacement] of replacements) {
      if (!text.includes(search)) throw new Error(`edit of ${relativeFile}: "${search}" not found`);
      text = text.replace(search, replacement);
    }
    writeFileSync(file, text);
    this.wire.note('edit', { file: relativeFile, replacements });
    announceChange(this.server, file);
  }

  async close() {
    await this.runner?.close();
    await this.server.close();
  }
}
