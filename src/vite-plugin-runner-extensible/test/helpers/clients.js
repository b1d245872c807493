// Minimal runner-side clients for the three transports, as the .NET transports will speak them.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { MessageQueue } from './message-queue.js';

/** Opens a WebSocket; resolves once open, or rejects with { status, body } when refused. */
export function connectWebSocket(url, { headers = {}, protocols } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    const queue = new MessageQueue();
    const closed = new Promise((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    ws.on('message', (data) => queue.push(JSON.parse(data.toString())));
    ws.on('open', () =>
      resolve({
        ws,
        queue,
        closed,
        send: (payload) => ws.send(typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload)),
        close: () => ws.close(),
      }),
    );
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode, headers: res.headers, body: JSON.parse(body) })));
    });
    ws.on('error', (error) => reject(error));
  });
}

/** Opens an SSE stream; resolves after the connection event with { connectionId, queue, close }. */
export function openEventStream(url, { headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode, body: JSON.parse(body) })));
        return;
      }
      const queue = new MessageQueue();
      const comments = [];
      let buffer = '';
      let event = { type: 'message', data: [] };
      let connectionId;
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let newline;
        while ((newline = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (event.data.length) {
              const data = JSON.parse(event.data.join('\n'));
              if (event.type === 'runner-extensible:connection') {
                connectionId = data.connectionId;
                resolve({ connectionId, first: data, queue, comments, response: res, close: () => req.destroy() });
              } else queue.push(data);
            }
            event = { type: 'message', data: [] };
          } else if (line.startsWith(':')) comments.push(line);
          else if (line.startsWith('event:')) event.type = line.slice(6).trim();
          else if (line.startsWith('data:')) event.data.push(line.slice(5).replace(/^ /, ''));
        }
      });
    });
    req.on('error', reject);
  });
}

/** POSTs a body (string or JSON value); resolves with { status, headers, body }. */
export async function post(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export const STDIO_HOST = fileURLToPath(new URL('../../bin/stdio-host.js', import.meta.url));

/** Starts the stdio host on a root; resolves once it wrote {"type":"connected"}. */
export function startStdioHost(root, extraArgs = [], env = {}) {
  const child = spawn(process.execPath, [STDIO_HOST, '--root', root, ...extraArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const queue = new MessageQueue();
  const rawLines = [];
  let stderr = '';
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      rawLines.push(line);
      queue.push(JSON.parse(line)); // a non-JSON line on stdout fails the test here
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const host = {
    child,
    queue,
    rawLines,
    exited,
    get stderr() {
      return stderr;
    },
    send: (payload) => child.stdin.write((typeof payload === 'string' ? payload : JSON.stringify(payload)) + '\n'),
    writeRaw: (text) => child.stdin.write(text),
    async stop() {
      child.stdin.end();
      return exited;
    },
  };
  return host;
}
