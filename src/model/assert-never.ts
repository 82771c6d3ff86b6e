/** Makes a missing case in a `switch` over a union a compile error (ARCHITECTURE §3.1). */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`internal: unexpected ${what}: ${JSON.stringify(value)}`);
}
