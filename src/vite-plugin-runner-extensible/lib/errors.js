// Transport-level error codes and the JSON shapes they travel in (PROTOCOL.md §2.1, §2.2, §5).

export const ErrorCodes = Object.freeze({
  unauthorized: 'ERR_UNAUTHORIZED',
  forbiddenOrigin: 'ERR_FORBIDDEN_ORIGIN',
  malformedPayload: 'ERR_MALFORMED_PAYLOAD',
  payloadTooLarge: 'ERR_PAYLOAD_TOO_LARGE',
  unknownConnection: 'ERR_UNKNOWN_CONNECTION',
  notFound: 'ERR_NOT_FOUND',
  methodNotAllowed: 'ERR_METHOD_NOT_ALLOWED',
  environmentNotReady: 'ERR_ENVIRONMENT_NOT_READY',
});

export const TRANSPORT_ERROR_NAME = 'RunnerExtensibleTransportError';

/** `{ name, code, message }` of a transport failure. */
export function transportError(code, message) {
  return { name: TRANSPORT_ERROR_NAME, code, message };
}

/** An error that carries a transport error code; thrown inside the plugin, reported as `{ error }`. */
export class TransportError extends Error {
  /** @param {string} code one of ErrorCodes @param {string} message @param {number} [status] HTTP status */
  constructor(code, message, status = 400) {
    super(message);
    this.name = TRANSPORT_ERROR_NAME;
    this.code = code;
    this.status = status;
  }

  toJSON() {
    return transportError(this.code, this.message);
  }
}
