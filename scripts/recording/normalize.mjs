// Makes recorded JSON portable and deterministic:
// - the absolute root of the (temporary) fixture copy becomes "<root>";
// - the absolute repository path (it appears in server stack traces) becomes "<repo>";
// - HMR timestamps become FIXED_TIMESTAMP;
// - random invoke ids ("send:<nanoid>") become sequential 21-character ids.

export const FIXED_TIMESTAMP = 1700000000000;

/** Sequential replacement for Vite's random 21-character nanoid invoke ids. */
export class InvokeIdNormalizer {
  #map = new Map();

  /** @param {string} nanoid */
  idFor(nanoid) {
    let id = this.#map.get(nanoid);
    if (!id) {
      id = 'rec' + String(this.#map.size + 1).padStart(18, '0');
      this.#map.set(nanoid, id);
    }
    return id;
  }
}

/**
 * Deep-copies a JSON value with every string made portable.
 * @param {unknown} value a JSON-compatible value (already JSON round-tripped)
 * @param {{ root: string, repo: string, ids?: InvokeIdNormalizer }} context
 */
export function normalize(value, context) {
  return walk(value, context, undefined);
}

function walk(value, context, key) {
  if (typeof value === 'string') return normalizeString(value, context, key);
  if (Array.isArray(value)) return value.map((item) => walk(item, context, undefined));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === 'timestamp' && typeof v === 'number' ? FIXED_TIMESTAMP : walk(v, context, k);
    }
    return out;
  }
  return value;
}

function normalizeString(text, { root, repo, ids }, key) {
  let out = text.split(root).join('<root>');
  if (repo) out = out.split(repo).join('<repo>');
  if (ids && key === 'id') {
    out = out.replace(/^(send|response):(.{21})$/, (_, kind, nanoid) => kind + ':' + ids.idFor(nanoid));
  }
  return out;
}
