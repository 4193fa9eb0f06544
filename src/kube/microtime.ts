/** RFC 3339 with whole seconds, as metav1.Time marshals. */
export function rfc3339(time: Date | string): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A Date that serializes with microseconds. Kubernetes MicroTime fields (Lease renewTime, Event
 * eventTime) reject the millisecond form client-node writes ("cannot parse .672Z as .000000").
 */
export class MicroTime extends Date {
  override toISOString(): string {
    return super.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  }

  override toJSON(): string {
    return this.toISOString();
  }
}
