// Parsing and validation of inbound messages (PROTOCOL.md §2.1): every transport hands raw text
// here and gets back either a HotPayload or the reason to drop it.
import { Buffer } from 'node:buffer';
import { ErrorCodes, TransportError, transportError } from './errors.js';

const invokeIdPattern = /"id"\s*:\s*"(send:[^"\\]{1,200})"/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * @param {string | Buffer} raw one message
 * @param {number} maxPayloadBytes
 * @returns {{ payload: any } | { drop: TransportError, invokeId?: string }}
 */
export function parseInbound(raw, maxPayloadBytes) {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  let text;
  if (size > maxPayloadBytes) {
    text = typeof raw === 'string' ? raw : raw.toString('utf8');
    return drop(
      new TransportError(ErrorCodes.payloadTooLarge, `message of ${size} bytes exceeds the limit of ${maxPayloadBytes} bytes`, 413),
      text,
    );
  }
  try {
    text = typeof raw === 'string' ? raw : utf8.decode(raw);
  } catch {
    return drop(new TransportError(ErrorCodes.malformedPayload, 'message is not valid UTF-8'), raw.toString('utf8'));
  }
  let payload;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    return drop(new TransportError(ErrorCodes.malformedPayload, `message is not JSON: ${error.message}`), text);
  }
  const problem = describeShapeProblem(payload);
  if (problem) return drop(new TransportError(ErrorCodes.malformedPayload, problem), text);
  return { payload };
}

/** Why a parsed value is not an acceptable HotPayload, or undefined when it is. */
export function describeShapeProblem(payload) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return 'message is not a JSON object';
  if (typeof payload.type !== 'string') return 'message has no string "type"';
  if (payload.type !== 'custom') return undefined;
  if (typeof payload.event !== 'string') return 'custom message has no string "event"';
  if (payload.event === 'vite:invoke') return describeInvokeProblem(payload.data, true);
  return undefined;
}

/**
 * @param {any} data the `data` of a vite:invoke payload
 * @param {boolean} requireSendId over sockets the id must start with "send:" (it is echoed back)
 */
export function describeInvokeProblem(data, requireSendId) {
  if (data === null || typeof data !== 'object') return 'vite:invoke message has no "data" object';
  if (typeof data.name !== 'string') return 'vite:invoke message has no string "data.name"';
  if (!Array.isArray(data.data)) return 'vite:invoke message has no array "data.data"';
  if (typeof data.id !== 'string') return 'vite:invoke message has no string "data.id"';
  if (requireSendId && !data.id.startsWith('send:')) return 'vite:invoke message id does not start with "send:"';
  return undefined;
}

function drop(error, text) {
  const match = invokeIdPattern.exec(text);
  return match ? { drop: error, invokeId: match[1] } : { drop: error };
}

/** The response that tells a runner its invoke request was dropped (so it fails at once). */
export function invokeErrorResponse(invokeId, error) {
  return {
    type: 'custom',
    event: 'vite:invoke',
    data: { name: 'unknown', id: invokeId.replace('send', 'response'), data: { error: transportError(error.code, error.message) } },
  };
}
