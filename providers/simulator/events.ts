import type { EciEvent } from '../eci-api/index.js';
import { internString } from '../intern.js';

const MAX_EVENTS = 50;

export type NewEvent = Pick<EciEvent, 'Type' | 'Reason' | 'Message'> & { Name?: string };

/**
 * Adds a Kubernetes-style event: a repeat of the same (type, reason, message, object) bumps Count
 * and LastTimestamp instead of adding a line; only the newest 50 are kept, as ECI does.
 */
export function recordEvent(events: EciEvent[], at: string, event: NewEvent): void {
  const i = events.findIndex(
    (e) =>
      e.Type === event.Type &&
      e.Reason === event.Reason &&
      e.Message === event.Message &&
      e.Name === event.Name,
  );
  if (i >= 0) {
    const [same] = events.splice(i, 1);
    events.push({ ...same, Count: same.Count + 1, LastTimestamp: internString(at) });
    return;
  }
  const { Type, Reason, Message, Name } = event;
  // A burst of groups records the same messages (`Successfully pulled image "nginx"`) in the same
  // seconds: one shared string each, not one per group (10,000 groups held 40,000 events).
  const first = internString(at);
  // One literal: all seven fields in the object itself (a spread puts the added ones in a second store).
  events.push({
    Type,
    Reason,
    Message: internString(Message),
    Count: 1,
    FirstTimestamp: first,
    LastTimestamp: first,
    Name,
  });
  if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
}
