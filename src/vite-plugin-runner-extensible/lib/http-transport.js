// HTTP transport (PROTOCOL.md §5): POST <base>/invoke, GET <base>/events (server-sent events),
// POST <base>/send. Installed as a connect middleware ahead of Vite's own.
import { checkRequest, pathOf } from './auth.js';
import { ErrorCodes, TransportError } from './errors.js';
import { describeShapeProblem } from './payload.js';
import { writeRefusal } from './refusal.js';

export const CONNECTION_HEADER = 'x-runner-extensible-connection';

/**
 * @param {import('./hub.js').Hub} hub
 * @param {{ base: string, token: string, allowedOrigins: string[], maxPayloadBytes: number, heartbeatMs: number }} options
 * @returns {import('vite').Connect.NextHandleFunction}
 */
export function createHttpMiddleware(hub, options) {
  const routes = {
    '/invoke': { method: 'POST', handle: (req, res) => invoke(hub, req, res, options) },
    '/events': { method: 'GET', handle: (req, res) => events(hub, req, res, options) },
    '/send': { method: 'POST', handle: (req, res) => send(hub, req, res, options) },
  };

  return (req, res, next) => {
    const path = pathOf(req.url);
    if (path !== options.base && !path.startsWith(options.base + '/')) return next();
    const refusal = checkRequest(req, options);
    if (refusal) {
      hub.logger.warn(`refused an HTTP request from ${req.socket.remoteAddress}: ${refusal.message}`);
      drain(req);
      return writeRefusal(res, refusal);
    }
    const route = routes[path.slice(options.base.length)];
    if (!route) {
      drain(req);
      return writeRefusal(res, new TransportError(ErrorCodes.notFound, `no endpoint ${path}`, 404));
    }
    if (req.method !== route.method) {
      drain(req);
      return writeRefusal(
        res,
        new TransportError(ErrorCodes.methodNotAllowed, `${path} takes ${route.method}, not ${req.method}`, 405),
        { Allow: route.method },
      );
    }
    route.handle(req, res).catch((error) => {
      if (error instanceof TransportError) {
        if (error.code !== ErrorCodes.payloadTooLarge && error.status !== 503) {
          hub.logger.warn(`rejected ${req.method} ${path}: ${error.message}`);
        }
        if (!res.headersSent) writeRefusal(res, error, error.status === 413 ? { Connection: 'close' } : {});
        return;
      }
      hub.logger.warn(`${req.method} ${path} failed: ${error?.stack ?? error}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

async function invoke(hub, req, res, options) {
  const payload = await readJson(req, options.maxPayloadBytes);
  const connectionId = req.headers[CONNECTION_HEADER];
  const connection = connectionId ? hub.connections.get(String(connectionId)) : undefined;
  const answer = await hub.invoke(payload, connection);
  const body = JSON.stringify(answer);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

async function events(hub, req, res, options) {
  if (!hub.environment) throw new TransportError(ErrorCodes.environmentNotReady, 'the environment is not ready', 503);
  drain(req);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  const connection = hub.open(
    'http',
    (payload) => res.write(`data: ${JSON.stringify(payload)}\n\n`),
    () => res.end(),
  );
  res.write(`event: runner-extensible:connection\ndata: ${JSON.stringify({ connectionId: connection.id, protocol: 1 })}\n\n`);
  connection.send({ type: 'connected' });

  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), Math.max(1, Math.floor(options.heartbeatMs / 2)));
  keepAlive.unref();
  const end = () => {
    clearInterval(keepAlive);
    connection.close();
  };
  res.on('close', end);
}

async function send(hub, req, res, options) {
  const connectionId = req.headers[CONNECTION_HEADER] ?? new URL(req.url, 'http://localhost').searchParams.get('connection');
  const connection = connectionId ? hub.connections.get(String(connectionId)) : undefined;
  if (!connection || connection.transport !== 'http') {
    drain(req);
    throw new TransportError(
      ErrorCodes.unknownConnection,
      connectionId ? `no open event stream with connection id ${connectionId}` : `name the event stream with the ${CONNECTION_HEADER} header`,
      404,
    );
  }
  let payload;
  try {
    payload = await readJson(req, options.maxPayloadBytes);
  } catch (error) {
    // The payload is dropped; the event stream (the connection) stays open.
    if (error instanceof TransportError) hub.logger.warn(`dropped a message from ${connection.describe()}: ${error.message}`);
    throw error;
  }
  const problem = describeShapeProblem(payload);
  if (problem) {
    hub.logger.warn(`dropped a message from ${connection.describe()}: ${problem}`);
    throw new TransportError(ErrorCodes.malformedPayload, problem);
  }
  hub.route(connection, payload);
  res.writeHead(204).end();
}

/** Reads a JSON body of at most maxBytes; a larger body is discarded and reported as 413. */
function readJson(req, maxBytes) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (tooLarge) {
        reject(new TransportError(ErrorCodes.payloadTooLarge, `body of ${size} bytes exceeds the limit of ${maxBytes} bytes`, 413));
        return;
      }
      try {
        resolve(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))));
      } catch (error) {
        reject(new TransportError(ErrorCodes.malformedPayload, `body is not UTF-8 JSON: ${error.message}`));
      }
    });
  });
}

function drain(req) {
  req.resume();
}
