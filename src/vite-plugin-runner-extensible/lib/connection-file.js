// The connection file (PROTOCOL.md §2.4): how a runner on the same machine finds the endpoints
// and the token of a running server.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `<root>/node_modules/.runner-extensible/<environment>.json` */
export function connectionFilePath(root, environment) {
  return path.join(root, 'node_modules', '.runner-extensible', `${environment}.json`);
}

/**
 * The origin to advertise for a listening server: the bound address, made dialable.
 * @param {import('node:net').AddressInfo} address
 * @param {boolean} secure
 */
export function advertisedOrigin(address, secure) {
  let host;
  if (address.family === 'IPv6' || address.family === 6) {
    host = address.address === '::' ? 'localhost' : `[${address.address}]`;
  } else {
    host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  }
  return `${secure ? 'https' : 'http'}://${host}:${address.port}`;
}

/**
 * @param {string} file
 * @param {object} content
 */
export function writeConnectionFile(file, content) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
}

/** Deletes the file if it still belongs to this server (another server may have replaced it). */
export function removeConnectionFile(file, token) {
  try {
    if (JSON.parse(readFileSync(file, 'utf8')).token === token) rmSync(file);
  } catch {
    // already gone or unreadable: nothing of ours to remove
  }
}
