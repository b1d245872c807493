// Token and Origin checks shared by the WebSocket and HTTP transports (PROTOCOL.md §2.2).
import { timingSafeEqual, createHash } from 'node:crypto';
import { ErrorCodes, TransportError } from './errors.js';

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {{ token: string, allowedOrigins: string[] }} options
 * @returns {TransportError | undefined} the refusal, if any
 */
export function checkRequest(req, options) {
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, req.headers.host, options.allowedOrigins)) {
    return new TransportError(
      ErrorCodes.forbiddenOrigin,
      `requests from origin ${origin} are refused: only the server's own origin (or options.allowedOrigins) may connect`,
      403,
    );
  }
  const presented = presentedToken(req);
  if (presented === undefined) {
    return new TransportError(
      ErrorCodes.unauthorized,
      'missing token: send "Authorization: Bearer <token>" or "?token=<token>" (the token is in node_modules/.runner-extensible/<environment>.json)',
      401,
    );
  }
  if (!sameSecret(presented, options.token)) {
    return new TransportError(ErrorCodes.unauthorized, 'wrong token for this Vite server', 401);
  }
  return undefined;
}

function isOwnOrigin(origin, host, allowedOrigins) {
  if (allowedOrigins.includes(origin)) return true;
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** The Authorization header alone when present, else the `token` query parameter. */
function presentedToken(req) {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : '';
  }
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
  return query ?? undefined;
}

/** Constant-time comparison that also hides the length of the expected secret. */
function sameSecret(presented, expected) {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Path of a request URL without its query. */
export function pathOf(url) {
  const q = (url ?? '').indexOf('?');
  return q === -1 ? url ?? '' : url.slice(0, q);
}
