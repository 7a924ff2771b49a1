/** The 16 Clarky webhook events: the only place an event is written down. */

export type EventNoun = 'Contact' | 'Conversation' | 'Escalation' | 'Message' | 'Booking';

export interface ClarkyEvent {
  /** Clarky's key, as sent in `{{event}}` and accepted in a webhook's `events`. */
  readonly key: string;
  /** Clarky's display name, in Title Case. */
  readonly displayName: string;
  /** When it fires, phrased to follow "Triggers ..." once lower-cased. */
  readonly description: string;
  readonly noun: EventNoun;
}

export const EVENTS = [
  {
    key: 'contact.created',
    displayName: 'Contact Created',
    description: 'When a new contact is created',
    noun: 'Contact',
  },
  {
    key: 'contact.updated',
    displayName: 'Contact Updated',
    description: "When a contact's details change",
    noun: 'Contact',
  },
  { key: 'contact.deleted', displayName: 'Contact Deleted', description: 'When a contact is deleted', noun: 'Contact' },
  {
    key: 'conversation.started',
    displayName: 'Conversation Started',
    description: 'When a new conversation starts',
    noun: 'Conversation',
  },
  {
    key: 'conversation.updated',
    displayName: 'Conversation Updated',
    description: 'When a conversation is updated',
    noun: 'Conversation',
  },
  {
    key: 'conversation.bad_sentiment',
    displayName: 'Conversation Bad Sentiment',
    description: "When a conversation's sentiment turns negative",
    noun: 'Conversation',
  },
  {
    key: 'escalation.requested',
    displayName: 'Escalation Requested',
    description: 'When a contact asks to talk to a human',
    noun: 'Escalation',
  },
  {
    key: 'message.sent',
    displayName: 'Message Sent (Outbound)',
    description: 'When an agent sends a message',
    noun: 'Message',
  },
  {
    key: 'message.received',
    displayName: 'Message Received (Inbound)',
    description: 'When a contact sends a message',
    noun: 'Message',
  },
  { key: 'booking.created', displayName: 'Booking Created', description: 'When a meeting is booked', noun: 'Booking' },
  {
    key: 'booking.confirmed',
    displayName: 'Booking Confirmed',
    description: 'When a booking is confirmed',
    noun: 'Booking',
  },
  {
    key: 'booking.cancelled',
    displayName: 'Booking Cancelled',
    description: 'When a booking is cancelled',
    noun: 'Booking',
  },
  {
    key: 'booking.rescheduled',
    displayName: 'Booking Rescheduled',
    description: 'When a booking is moved to a new time',
    noun: 'Booking',
  },
  {
    key: 'booking.completed',
    displayName: 'Booking Completed',
    description: 'When a booked meeting has taken place',
    noun: 'Booking',
  },
  {
    key: 'booking.no_show',
    displayName: 'Booking No Show',
    description: "When an attendee doesn't show up",
    noun: 'Booking',
  },
  {
    key: 'booking.reminder_sent',
    displayName: 'Booking Reminder Sent',
    description: 'When a booking reminder is sent',
    noun: 'Booking',
  },
] as const satisfies readonly ClarkyEvent[];

export type EventKey = (typeof EVENTS)[number]['key'];

export const EVENT_KEYS: readonly EventKey[] = EVENTS.map((event) => event.key);

const byKey = new Map<string, ClarkyEvent>(EVENTS.map((event) => [event.key, event]));

export function isEventKey(key: string): key is EventKey {
  return byKey.has(key);
}

export function getEvent(key: EventKey): ClarkyEvent {
  return byKey.get(key)!;
}

/** "When a booking is confirmed" -> "Triggers when a booking is confirmed.": the help text both plugins show. */
export function triggerSentence(event: ClarkyEvent): string {
  return `Triggers ${event.description.charAt(0).toLowerCase()}${event.description.slice(1)}.`;
}
