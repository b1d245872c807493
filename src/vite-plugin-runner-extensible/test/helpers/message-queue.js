// Collects messages as they arrive and lets a test wait for the first one that matches.
export class MessageQueue {
  #messages = [];
  #waiters = [];

  push(message) {
    this.#messages.push(message);
    for (const waiter of [...this.#waiters]) {
      const index = this.#messages.findIndex(waiter.predicate);
      if (index !== -1) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        clearTimeout(waiter.timer);
        waiter.resolve(this.#messages.splice(index, 1)[0]);
      }
    }
  }

  /** All messages received and not yet taken. */
  get pending() {
    return [...this.#messages];
  }

  /**
   * Resolves with (and removes) the first message matching predicate.
   * @param {(message: any) => boolean} predicate
   */
  next(predicate = () => true, timeoutMs = 5000, what = 'a matching message') {
    const index = this.#messages.findIndex(predicate);
    if (index !== -1) return Promise.resolve(this.#messages.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve };
      waiter.timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received: ${JSON.stringify(this.#messages).slice(0, 2000)}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }
}

export const isResponse = (id) => (m) => m.type === 'custom' && m.event === 'vite:invoke' && m.data?.id === id;
export const isEvent = (event) => (m) => m.type === 'custom' && m.event === event;
export const isType = (type) => (m) => m.type === type;
