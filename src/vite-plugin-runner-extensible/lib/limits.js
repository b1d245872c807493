// Size limits shared by the transports (PROTOCOL.md §2.1).

/** Default largest inbound message: 16 MiB. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

/**
 * Messages up to maxPayloadBytes are processed; up to this multiple of it they are buffered and
 * dropped (with an invoke error when an id is found); beyond it a WebSocket is closed with 1009
 * and a stdio line is skipped without being buffered.
 */
export const HARD_LIMIT_FACTOR = 4;
