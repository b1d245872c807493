// Generates the side-by-side benchmark's app: a seeded TypeScript module graph of a given size.
//
//   src/main.ts              the entry: imports the roots, the HMR pair, the lazy importers; exports checksum,
//                            setHook; calls globalThis.__rxEntryDone(checksum) as its last statement
//   src/shared/utilK.ts      shared utilities (types, generics), imported by most modules
//   src/mods/mK.ts           the bulk: forward imports chosen at random (every module reachable from the entry),
//                            every 40th also a back edge (an import cycle, used inside a function only)
//   src/lazy/lazyK.ts        reached only through top-level `await import()` from a few modules, each with its own
//                            lazy-only leaves
//   src/hmr/parent.ts        accepts ./leaf; its accept callback calls globalThis.__rxAccepted(newValue)
//   src/hmr/leaf.ts          the module the HMR measurement edits
//
// Usage as a module: generateGraph(root, { modules, seed }) → { files, entry, hmrLeaf, fullReloadModule }.
import fs from 'node:fs';
import path from 'node:path';

const UTILS = 10;
const LAZY_ROOTS = 10;
const LAZY_LEAVES_PER_ROOT = 2;
const MODULUS = 1000003;

export function generateGraph(root, { modules = 1000, seed = 20261120 } = {}) {
  const random = mulberry32(seed);
  const pick = (n) => Math.floor(random() * n);
  const lazyCount = LAZY_ROOTS * (1 + LAZY_LEAVES_PER_ROOT);
  // main, parent, leaf + utils + lazy modules + the bulk = modules
  const bulk = modules - 3 - UTILS - lazyCount;
  if (bulk < 50) throw new Error(`--modules ${modules} is too small (need at least ${53 + UTILS + lazyCount})`);

  const files = new Map();
  const write = (relative, text) => files.set(relative, text);

  for (let u = 0; u < UTILS; u++) write(`src/shared/util${u}.ts`, util(u));

  // Forward edges: a spanning tree from m0, then extra edges; a few back edges close cycles.
  const imports = Array.from({ length: bulk }, () => new Set());
  for (let k = 1; k < bulk; k++) imports[pick(k)].add(k);
  for (let k = 0; k < bulk - 1; k++) {
    const extra = pick(3);
    for (let e = 0; e < extra; e++) imports[k].add(k + 1 + pick(bulk - k - 1));
  }
  const backEdges = new Map();
  for (let k = 40; k < bulk; k += 40) backEdges.set(k, pick(k));
  // A few bulk modules import a lazy root dynamically at top level.
  const lazyImporters = new Map();
  for (let l = 0; l < LAZY_ROOTS; l++) lazyImporters.set(Math.floor(((l + 1) * bulk) / (LAZY_ROOTS + 2)), l);

  for (let k = 0; k < bulk; k++) {
    const forward = [...imports[k]].sort((a, b) => a - b);
    write(`src/mods/m${k}.ts`, bulkModule(k, forward, backEdges.get(k), lazyImporters.get(k), [pick(UTILS), pick(UTILS)], random));
  }
  const importerOf = new Map([...lazyImporters].map(([k, l]) => [l, k]));
  for (let l = 0; l < LAZY_ROOTS; l++) {
    const leaves = Array.from({ length: LAZY_LEAVES_PER_ROOT }, (_, i) => `leaf${l}_${i}`);
    // A bulk module after its importer: never one still being evaluated when the dynamic import runs.
    const importer = importerOf.get(l);
    write(`src/lazy/lazy${l}.ts`, lazyRoot(l, leaves, importer + 1 + pick(bulk - importer - 1), pick(UTILS)));
    for (const leaf of leaves) write(`src/lazy/${leaf}.ts`, lazyLeaf(leaf, pick(UTILS), random));
  }
  write('src/hmr/leaf.ts', hmrLeaf(1));
  write('src/hmr/parent.ts', hmrParent());
  write('src/main.ts', entry());

  for (const [relative, text] of files) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'rx-side-by-side-app', private: true, type: 'module' }) + '\n');
  return {
    files: files.size,
    entry: '/src/main.ts',
    hmrLeaf: path.join(root, 'src/hmr/leaf.ts'),
    fullReloadModule: path.join(root, `src/mods/m${Math.floor(bulk / 2)}.ts`),
    fullReloadSource: files.get(`src/mods/m${Math.floor(bulk / 2)}.ts`),
  };
}

/** The leaf's text with a given value (what the HMR measurement writes). */
export function hmrLeaf(value) {
  return `import { clamp } from '../shared/util0';

export interface LeafValue { value: number; label: string }
export const value: number = clamp(${value}, 0, Number.MAX_SAFE_INTEGER);
export const described: LeafValue = { value, label: \`leaf \${value}\` };
`;
}

function util(u) {
  return `// Shared utility ${u}
export type Pair<T> = readonly [T, T];
export interface Weighted { weight: number; name: string }

export function mix(a: number, b: number): number {
  return (a * ${31 + u} + b) % ${MODULUS};
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function pair<T>(a: T, b: T): Pair<T> {
  return [a, b] as const;
}

export function heaviest(items: readonly Weighted[]): Weighted | undefined {
  let best: Weighted | undefined;
  for (const item of items) if (!best || item.weight > best.weight) best = item;
  return best;
}

export const UTIL_${u}: number = ${u + 1};
`;
}

function bulkModule(k, forward, back, lazy, [ua, ub], random) {
  const lines = [];
  lines.push(`import { mix, heaviest, type Weighted } from '../shared/util${ua}';`);
  lines.push(`import { clamp, pair } from '../shared/util${ub === ua ? (ub + 1) % UTILS : ub}';`);
  for (const f of forward) lines.push(`import { total as t${f}, describe as d${f} } from './m${f}';`);
  if (back !== undefined) lines.push(`import * as back${back} from './m${back}';`);
  lines.push('');
  if (lazy !== undefined) lines.push(`const lazy = await import('../lazy/lazy${lazy}');`, '');
  const own = 1 + Math.floor(random() * 1000);
  lines.push(`export interface Info${k} extends Weighted { index: number; children: number }`);
  lines.push(`const own: number = ${own};`);
  // "?? 0": a back edge to a module not evaluated yet makes a real cycle, in which a forward import can still be
  // uninitialized (Vite's export getters then read undefined). Both runners must see the same.
  const sum = forward.map((f) => `(t${f} ?? 0)`).join(' + ') || '0';
  lines.push(`export const total: number = mix(own, clamp(${sum}${lazy !== undefined ? ' + (lazy.total ?? 0)' : ''}, 0, Number.MAX_SAFE_INTEGER));`);
  lines.push(`export const info: Info${k} = { name: 'm${k}', weight: own, index: ${k}, children: ${forward.length} };`);
  lines.push('');
  lines.push(`export function describe(): string {`);
  lines.push(`  const best = heaviest([info${forward.length ? ', ' : ''}${forward.map((f) => `{ name: d${f}(), weight: t${f} }`).join(', ')}]);`);
  lines.push(`  return \`m${k}:\${pair(total, best?.weight ?? 0).join('/')}\`;`);
  lines.push(`}`);
  if (back !== undefined) {
    lines.push('');
    lines.push(`// An import of an earlier module (a cycle when m${back} reaches this one): read only once everything has run.`);
    lines.push(`export function backTotal(): number {`);
    lines.push(`  return back${back}.total;`);
    lines.push(`}`);
  }
  return lines.join('\n') + '\n';
}

function lazyRoot(l, leaves, bulkDep, u) {
  return `import { mix } from '../shared/util${u}';
import { total as bulk } from '../mods/m${bulkDep}';
${leaves.map((leaf) => `import { total as ${leaf} } from './${leaf}';`).join('\n')}

export const total: number = mix(${l + 1}, ${leaves.join(' + ')} + (bulk ?? 0));
`;
}

function lazyLeaf(name, u, random) {
  return `import { mix, clamp } from '../shared/util${u}';

export const total: number = clamp(mix(${1 + Math.floor(random() * 1000)}, ${name.length}), 0, 1 << 30);
`;
}

function hmrParent() {
  return `import { value, type LeafValue } from './leaf';

export const seen: LeafValue[] = [];
export const initial: number = value;

if (import.meta.hot) {
  import.meta.hot.accept('./leaf', (next) => {
    const hook = (globalThis as { __rxAccepted?: (value: unknown) => void }).__rxAccepted;
    if (hook) hook(next?.value);
  });
}
`;
}

function entry() {
  return `import { initial } from './hmr/parent';
import { total as root } from './mods/m0';
import { UTIL_0 } from './shared/util0';

type Hooks = { __rxEntryDone?: (checksum: number) => void; [name: string]: unknown };

export const checksum: number = ((root ?? 0) + initial + UTIL_0) % ${MODULUS};

/** Lets the benchmark client install a callback (a function of the runner's host) on globalThis. */
export function setHook(name: string, hook: unknown): void {
  (globalThis as Hooks)[name] = hook;
}

(globalThis as Hooks).__rxEntryDone?.(checksum);
`;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
