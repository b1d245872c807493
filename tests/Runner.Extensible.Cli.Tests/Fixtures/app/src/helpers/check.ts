export function check(value: number, what: string): void {
  type Reason = string;
  const reason: Reason = `${what} has a negative total (${value})`;
  if (value < 0) throw new RangeError(reason);
}
