// stdio transport (PROTOCOL.md §6): newline-delimited JSON HotPayloads on a pair of streams.
import { ErrorCodes, TransportError } from './errors.js';
import { HARD_LIMIT_FACTOR } from './limits.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Serves the hub's single stdio connection.
 * @param {import('./hub.js').Hub} hub
 * @param {{ input: NodeJS.ReadableStream, output: NodeJS.WritableStream }} streams
 * @param {{ maxPayloadBytes: number }} options
 * @returns {import('./hub.js').Connection}
 */
export function serveStdio(hub, { input, output }, options) {
  const connection = hub.open('stdio', (payload) => {
    output.write(JSON.stringify(payload) + '\n');
  });
  // Lines up to this size are buffered (and, above maxPayloadBytes, dropped by the hub with an
  // invoke error when they carry an id); longer ones are skipped without buffering.
  const hardLimit = options.maxPayloadBytes * HARD_LIMIT_FACTOR;

  let pending = [];
  let pendingBytes = 0;
  let skipping = false;
  let skippedBytes = 0;

  const finishLine = (line) => {
    const end = line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN ? line.length - 1 : line.length;
    if (end > 0) hub.receive(connection, line.subarray(0, end));
  };

  const skip = (bytes) => {
    if (!skipping) {
      skipping = true;
      skippedBytes = pendingBytes;
      pending = [];
      pendingBytes = 0;
    }
    skippedBytes += bytes;
  };

  const endSkipping = () => {
    skipping = false;
    hub.dropped(
      connection,
      new TransportError(
        ErrorCodes.payloadTooLarge,
        `line of ${skippedBytes} bytes exceeds the limit of ${options.maxPayloadBytes} bytes`,
        413,
      ),
    );
  };

  input.on('data', (chunk) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, start)) {
      const piece = bytes.subarray(start, i);
      start = i + 1;
      if (skipping || pendingBytes + piece.length > hardLimit) {
        skip(piece.length);
        endSkipping();
        continue;
      }
      finishLine(pending.length ? Buffer.concat([...pending, piece]) : piece);
      pending = [];
      pendingBytes = 0;
    }
    const rest = bytes.subarray(start);
    if (rest.length === 0) return;
    if (skipping || pendingBytes + rest.length > hardLimit) {
      skip(rest.length);
      return;
    }
    pending.push(Buffer.from(rest));
    pendingBytes += rest.length;
  });

  const end = () => connection.close();
  input.on('end', end);
  input.on('close', end);
  return connection;
}
