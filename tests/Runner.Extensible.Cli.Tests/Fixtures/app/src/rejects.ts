async function load(): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 10));
  throw new TypeError('rejected on purpose');
}
await load();
