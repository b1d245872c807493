// Writes a transport-level refusal as an HTTP response (PROTOCOL.md §2.2, §5): on a normal
// response object, or raw on the socket of a refused WebSocket upgrade.
import { STATUS_CODES } from 'node:http';

/**
 * @param {import('node:http').ServerResponse} res
 * @param {import('./errors.js').TransportError} error
 * @param {Record<string, string>} [headers]
 */
export function writeRefusal(res, error, headers = {}) {
  const body = JSON.stringify({ error: error.toJSON() });
  res.writeHead(error.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Runner-Extensible-Error': error.code,
    ...(error.status === 401 && { 'WWW-Authenticate': 'Bearer realm="runner-extensible"' }),
    ...headers,
  });
  res.end(body);
}

/**
 * @param {import('node:stream').Duplex} socket
 * @param {import('./errors.js').TransportError} error
 */
export function refuseUpgrade(socket, error) {
  const body = JSON.stringify({ error: error.toJSON() });
  const lines = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Runner-Extensible-Error: ${error.code}`,
    ...(error.status === 401 ? ['WWW-Authenticate: Bearer realm="runner-extensible"'] : []),
  ];
  if (socket.writable) socket.end(lines.join('\r\n') + '\r\n\r\n' + body);
  else socket.destroy();
}
