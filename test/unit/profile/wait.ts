type Check<T> = () => T | undefined | false | Promise<T | undefined | false>;

/** Poll until `check` holds (returns its last value), failing with `what` after a generous bound. */
export async function waitFor<T>(what: string, check: Check<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
