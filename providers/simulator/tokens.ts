/**
 * ClientToken → container group ID, remembered for a fixed time. All entries live equally long, so
 * the Map's insertion order is expiry order and forgetting costs O(expired).
 */
export class ClientTokens {
  private readonly entries = new Map<string, { id: string; expires: number }>();

  get(token: string, now: number): string | undefined {
    this.expire(now);
    return this.entries.get(token)?.id;
  }

  remember(token: string, id: string, expires: number): void {
    this.entries.delete(token);
    this.entries.set(token, { id, expires });
  }

  toJSON(): [string, { id: string; expires: number }][] {
    return [...this.entries.entries()];
  }

  load(entries: [string, { id: string; expires: number }][]): void {
    for (const [token, entry] of entries) this.entries.set(token, entry);
  }

  private expire(now: number): void {
    for (const [token, entry] of this.entries) {
      if (entry.expires > now) break;
      this.entries.delete(token);
    }
  }
}
