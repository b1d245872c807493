// WebSocket transport (PROTOCOL.md §4): an upgrade handler on Vite's HTTP server for one path,
// using the ws package in noServer mode so Vite's own HMR socket is left alone.
import { checkRequest, pathOf } from './auth.js';
import { HARD_LIMIT_FACTOR } from './limits.js';
import { refuseUpgrade } from './refusal.js';

const SUBPROTOCOL = 'runner-extensible';

/**
 * @param {import('./hub.js').Hub} hub
 * @param {import('node:http').Server} httpServer
 * @param {{ path: string, token: string, allowedOrigins: string[], maxPayloadBytes: number, heartbeatMs: number }} options
 */
export async function attachWebSocketTransport(hub, httpServer, options) {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes * HARD_LIMIT_FACTOR,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const onUpgrade = (req, socket, head) => {
    if (pathOf(req.url) !== options.path) return; // not ours: Vite's HMR socket or another plugin's
    const refusal = checkRequest(req, options);
    if (refusal) {
      hub.logger.warn(`refused a WebSocket connection from ${req.socket.remoteAddress}: ${refusal.message}`);
      refuseUpgrade(socket, refusal);
      return;
    }
    if (hub.closed) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(hub, ws, options));
  };
  httpServer.on('upgrade', onUpgrade);

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (ws.isAlive === false) {
        ws.terminate();
        continue;
      }
      ws.isAlive = false;
      ws.ping();
    }
  }, options.heartbeatMs);
  heartbeat.unref();

  const detach = () => {
    clearInterval(heartbeat);
    httpServer.off('upgrade', onUpgrade);
  };
  // On a Vite restart this HTTP server is replaced (and a new transport attached to the new one).
  httpServer.once('close', detach);
  hub.onClose(async () => {
    detach();
    await new Promise((resolve) => wss.close(() => resolve()));
  });
}

function serve(hub, ws, options) {
  ws.isAlive = true;
  ws.on('pong', () => {
    ws.isAlive = true;
  });
  const connection = hub.open(
    'websocket',
    (payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
    },
    (code, reason) => ws.close(code, reason),
  );
  // Text and binary messages alike arrive as one Buffer (binaryType "nodebuffer"); the hub decodes UTF-8.
  ws.on('message', (data) => hub.receive(connection, data));
  ws.on('error', (error) => {
    // ws reports protocol violations (e.g. a message above the hard limit: 1009) and then closes.
    hub.logger.warn(`${connection.describe()}: ${error.message}`);
  });
  ws.on('close', () => connection.close());
  connection.send({ type: 'connected' });
}
