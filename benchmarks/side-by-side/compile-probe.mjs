// V8's cost to compile and start a small transformed module (the HMR leaf's shape, with an inline source map), back to
// back and after 250 ms of idleness, measured inside the engine. Compares Node 20 (Vite's runner) with libnode 18 in .NET:
//   node benchmarks/side-by-side/compile-probe.mjs
//   src/Runner.Extensible.Cli/bin/Release/net10.0/vite-dotnet run benchmarks/side-by-side/compile-probe.mjs
const AsyncFunction = (async function () {}).constructor;
const keys = ['__vite_ssr_exports__', '__vite_ssr_import_meta__', '__vite_ssr_import__', '__vite_ssr_dynamic_import__', '__vite_ssr_exportAll__', '__vite_ssr_exportName__'];
const map = Buffer.from(JSON.stringify({ version: 3, mappings: 'AAAA,SAAS,aAAa;AAEtB,OAAO,MAAM,QAAgB,MAAM,KAAM,GAAG,OAAO,gBAAgB;AAC3E,OAAO,MAAM,YAAuB,EAAE,OAAO,OAAO,QAAQ,QAAQ;'.repeat(4), sources: ['/tmp/app/src/hmr/leaf.ts'], sourcesContent: ['x'.repeat(300)], names: [] })).toString('base64');
const code = (i) => `const __vite_ssr_import_0__ = await __vite_ssr_import__("/src/shared/util0.ts", {"importedNames":["clamp"]});
__vite_ssr_exportName__("value", () => { try { return value } catch {} });
__vite_ssr_exportName__("described", () => { try { return described } catch {} });
const value = (0, __vite_ssr_import_0__.clamp)(${i}, 0, Number.MAX_SAFE_INTEGER);
const described = { value, label: \`leaf \${value}\` };
${'//# source' + 'MappingURL'}=data:application/json;base64,${map}`; // split so Vite does not read it as this file's map
const idle = (ms) => new Promise((r) => setTimeout(r, ms));
const dep = { clamp: (x) => x };
async function once(i) {
  const exports = Object.create(null);
  const t0 = performance.now();
  const fn = new AsyncFunction(...keys, '"use strict";\n' + code(i));
  await fn(exports, {}, async () => dep, async () => ({}), () => {}, (name, get) => Object.defineProperty(exports, name, { enumerable: true, get }));
  return performance.now() - t0;
}
const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
const busy = [];
for (let i = 0; i < 200; i++) busy.push(await once(i));
const idled = [];
for (let i = 0; i < 20; i++) { await idle(250); idled.push(await once(1000 + i)); }
console.log(`${typeof process !== 'undefined' ? process.version : '?'} compile+start: back to back median ${median(busy).toFixed(3)} ms; after 250 ms idle median ${median(idled).toFixed(3)} ms`);
