// Turns the wire log of a session into the recorded shape: the full ordered message list plus a
// summary of what happened after a given action (server payloads, runner payloads, invokes).

const isInvoke = (payload) => payload.type === 'custom' && payload.event === 'vite:invoke';

/**
 * @param {any[]} log wire log (messages and actions)
 * @param {number} fromIndex summarise entries at or after this index
 */
export function summarize(log, fromIndex = 0) {
  const slice = log.slice(fromIndex);
  const requests = new Map();
  const exchanges = [];
  const serverPayloads = [];
  const runnerPayloads = [];
  for (const entry of slice) {
    if (entry.kind === 'action') continue;
    const { from, payload } = entry;
    if (isInvoke(payload)) {
      if (from === 'runner') {
        const exchange = { request: payload.data, response: undefined };
        requests.set(payload.data.id.replace('send', 'response'), exchange);
        exchanges.push(exchange);
      } else {
        const exchange = requests.get(payload.data.id);
        if (exchange) exchange.response = payload.data.data;
      }
    } else if (from === 'server') {
      serverPayloads.push(payload);
    } else {
      runnerPayloads.push(payload);
    }
  }
  return { serverPayloads, runnerPayloads, exchanges };
}

/** The wire log without the per-client numbers (every recorded session has one runner). */
export function messages(log) {
  return log.map((entry) => (entry.kind === 'action' ? entry : { from: entry.from, payload: entry.payload }));
}

/** An Error as recorded: name, message, code, and only the stack frames inside the fixture. */
export function describeError(error, root) {
  return {
    name: error?.name,
    message: error?.message,
    ...(error?.code !== undefined && { code: error.code }),
    fixtureFrames: String(error?.stack ?? '')
      .split('\n')
      .filter((line) => line.includes(root))
      .map((line) => line.trim()),
  };
}
