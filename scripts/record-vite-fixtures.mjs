#!/usr/bin/env node
// Records what a real Vite 8 dev server says to a module runner, as JSON files the .NET core's
// unit tests replay through an in-memory transport. See tests/Runner.Extensible.Tests/Recorded/README.md.
// The scenario conformance-modules is the conformance kit's (src/Runner.Extensible.Conformance/Recorded/).
//
//   bash scripts/setup-node.sh && node scripts/record-vite-fixtures.mjs
//
// Every session works on a temporary copy of tests/fixtures/vite-app, so the committed fixture is
// never modified. Output is deterministic apart from what normalize.mjs fixes (root/repo paths,
// timestamps, invoke ids).

// Colour codes in server error messages depend on the terminal; recordings must not.
process.env.NO_COLOR = '1';
delete process.env.FORCE_COLOR;

const { mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } = await import('node:fs');
const path = await import('node:path');
const { fileURLToPath } = await import('node:url');
const { version: viteVersion } = await import('vite');
const { withSession, START_OFFSET } = await import('./recording/runner-session.mjs');
const { crawl } = await import('./recording/crawl.mjs');
const { normalize, InvokeIdNormalizer } = await import('./recording/normalize.mjs');
const { ENVIRONMENT_NAME } = await import('./recording/vite-server.mjs');
const { hmrScenarios } = await import('./recording/hmr-scenarios.mjs');
const { runnerScenarios } = await import('./recording/runner-scenarios.mjs');
const { conformanceScenario } = await import('./recording/conformance-scenario.mjs');

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtureRoot = path.join(repo, 'tests/fixtures/vite-app');
const outDir = path.join(repo, 'tests/Runner.Extensible.Tests/Recorded');
// The conformance kit ships its recording as an embedded resource of the kit itself.
const kitOutDir = path.join(repo, 'src/Runner.Extensible.Conformance/Recorded');
const only = process.argv.slice(2);

const expectedVite = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).devDependencies.vite;
if (viteVersion !== expectedVite) {
  throw new Error(`installed vite is ${viteVersion}, package.json pins ${expectedVite}: run bash scripts/setup-node.sh`);
}

mkdirSync(outDir, { recursive: true });
if (only.length === 0) {
  for (const name of readdirSync(outDir)) if (name.endsWith('.json')) rmSync(path.join(outDir, name));
}

const written = [];
/** Writes one scenario file; `root` is the fixture copy the session ran on. */
function write(scenario, root, body, directory = outDir) {
  const ids = new InvokeIdNormalizer();
  const document = normalize(
    { scenario, viteVersion, environment: ENVIRONMENT_NAME, startOffset: START_OFFSET, ...body },
    { root, repo, ids },
  );
  writeFileSync(path.join(directory, scenario + '.json'), JSON.stringify(document, null, 2) + '\n');
  written.push(scenario);
}
const wanted = (scenario) => only.length === 0 || only.includes(scenario);

if (wanted('builtins')) {
  await withSession(fixtureRoot, async (session) => {
    const request = { type: 'custom', event: 'vite:invoke', data: { id: 'send', name: 'getBuiltins', data: [] } };
    write('builtins', session.root, {
      description: 'getBuiltins() of a consumer:"server" environment (Node APIs available).',
      exchanges: [{ method: 'getBuiltins', args: [], request, response: await session.invoke('getBuiltins') }],
    });
  });
}

if (wanted('fetch-modules')) {
  await withSession(fixtureRoot, async (session) => {
    const exchanges = await crawl(
      session,
      ['/src/main.ts', '/src/hmr/main.ts', '/src/errors/throws-on-eval.ts'],
      [
        {
          importerUrl: '/src/main.ts',
          url: '/src/dyn/computed.ts',
          why: "main.ts does import('./dyn/' + 'computed.ts'); the runner resolves it against /src/main.ts",
        },
      ],
    );
    write('fetch-modules', session.root, {
      description:
        'fetchModule for every url a runner requests from the entries /src/main.ts, /src/hmr/main.ts and ' +
        '/src/errors/throws-on-eval.ts, depth first in source order on a fresh server: each url first with ' +
        'cached:false, then again with cached:true. Builtin and data: urls (resolvedLocallyByRunner) are ' +
        'never sent by a runner; their server answers are recorded for completeness.',
      exchanges,
    });
  });
}

if (wanted('fetch-errors')) {
  await withSession(fixtureRoot, async (session) => {
    const exchanges = [];
    const ask = async (why, method, ...args) => {
      exchanges.push({ why, method, args, response: await session.invoke(method, ...args) });
    };
    const options = { cached: false, startOffset: START_OFFSET };
    await ask('missing file', 'fetchModule', '/src/does-not-exist.ts', null, options);
    await ask('TypeScript parse error (oxc transform)', 'fetchModule', '/src/errors/parse-error.ts', null, options);
    await ask('JavaScript parse error (import analysis)', 'fetchModule', '/src/errors/parse-error-js.js', null, options);
    await ask(
      'bare specifier that does not resolve',
      'fetchModule',
      'missing-pkg',
      path.join(session.root, 'src/externals.ts'),
      options,
    );
    await ask('unknown invoke method', 'noSuchMethod');
    write('fetch-errors', session.root, {
      description: 'Error answers ({error:{...}}) exactly as environment.hot.handleInvoke produces them.',
      exchanges,
    });
  });
}

if (wanted(conformanceScenario.name)) {
  // Two fresh servers (the crawl, then Vite's own runner); each part is normalised against the root it ran on.
  const body = await conformanceScenario.record(async (part) => {
    let result;
    await withSession(fixtureRoot, async (session) => {
      result = normalize(await part(session), { root: session.root, repo });
    });
    return result;
  });
  mkdirSync(kitOutDir, { recursive: true });
  write(conformanceScenario.name, '<root>', body, kitOutDir);
}

for (const scenario of [...runnerScenarios, ...hmrScenarios]) {
  if (!wanted(scenario.name)) continue;
  await withSession(fixtureRoot, async (session) => {
    write(scenario.name, session.root, await scenario.record(session));
  });
}

console.log(`recorded ${written.length} scenario(s) with vite ${viteVersion} into ${path.relative(repo, outDir)} (conformance-modules: ${path.relative(repo, kitOutDir)}): ${written.join(', ')}`);
