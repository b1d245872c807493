import { useState } from 'preact/hooks';

/** Interactive only once the browser has hydrated the server's HTML. */
export function Counter() {
  const [count, setCount] = useState(0);
  return (
    <button id="counter" type="button" onClick={() => setCount(count + 1)}>
      Clicked {count} {count === 1 ? 'time' : 'times'}
    </button>
  );
}
