import { EVENTS, EVENT_KEYS, getEvent, isEventKey, triggerSentence } from '../src/events';
import { VARIABLES, VARIABLE_NAMES, isVariableName } from '../src/variables';
import { DefaultPayloadSchema, buildDefaultPayload } from '../src/payload';
import { samplePayload } from '../src/samples';
import { compileOrThrow, render } from '../src/template';

describe('event catalog', () => {
  // Which events exist is pinned by the contracts (n8n-nodes/contract.json, zapier-app/contract.json).
  it('gives each event a unique noun.verb key, a name from its noun and a "When ..." description', () => {
    expect(new Set(EVENT_KEYS).size).toBe(EVENTS.length);
    for (const event of EVENTS) {
      expect(event.key).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(event.key.split('.')[0]).toBe(event.noun.toLowerCase());
      expect(event.displayName.startsWith(event.noun)).toBe(true);
      expect(event.description).toMatch(/^When /);
    }
  });

  it('looks events up by key and rejects unknown keys', () => {
    expect(getEvent('booking.no_show').displayName).toBe('Booking No Show');
    expect(getEvent('booking.no_show').description).toBe("When an attendee doesn't show up");
    expect(isEventKey('booking.no_show')).toBe(true);
    expect(isEventKey('booking.noshow')).toBe(false);
  });
});

describe('variable catalog', () => {
  it('lets a template use each variable, which renders its value from the event', () => {
    const sample = samplePayload('booking.created');
    for (const name of VARIABLE_NAMES) {
      expect(isVariableName(name)).toBe(true);
      const rendered = JSON.parse(render(compileOrThrow(`{"value": {{${name}}}}`), sample)) as { value: unknown };
      expect(rendered.value).toEqual(sample[name] ?? null);
    }
    expect(isVariableName('firstname')).toBe(false);
    expect(() => compileOrThrow('{"value": {{firstname}}}')).toThrow('Did you mean {{firstName}}?');
    for (const variable of VARIABLES) expect(variable.label.length).toBeGreaterThan(0);
  });
});

describe('default payload', () => {
  it('has exactly the 14 keys, missing values as null, and keeps a score of 0', () => {
    const payload = buildDefaultPayload({
      event: 'contact.created',
      timestamp: '2026-01-02T03:04:05Z',
      sentimentScore: 0,
    });
    expect(Object.keys(payload)).toEqual(VARIABLE_NAMES);
    expect(payload.sentimentScore).toBe(0);
    expect(payload.firstName).toBeNull();
    expect(DefaultPayloadSchema.parse(payload)).toEqual(payload);
  });

  it('keeps keys Clarky may add later', () => {
    const payload = { ...samplePayload('booking.created'), bookingId: 'bk_1' };
    expect(DefaultPayloadSchema.parse(payload)).toEqual(payload);
  });

  it('refuses a timestamp without a time zone and an out-of-range score', () => {
    const payload = samplePayload('booking.created');
    expect(DefaultPayloadSchema.safeParse({ ...payload, timestamp: '2026-01-02T03:04:05' }).success).toBe(false);
    expect(DefaultPayloadSchema.safeParse({ ...payload, sentimentScore: 101 }).success).toBe(false);
    expect(DefaultPayloadSchema.safeParse({ ...payload, type: 'fax' }).success).toBe(false);
  });
});

describe('samples', () => {
  it('gives every event a valid, deterministic payload of its own kind', () => {
    const timestamps = new Set<string>();
    for (const { key } of EVENTS) {
      const sample = samplePayload(key);
      expect(DefaultPayloadSchema.parse(sample)).toEqual(sample);
      expect(sample.event).toBe(key);
      expect(samplePayload(key)).toEqual(sample);
      expect(sample.timestamp).toMatch(/(Z|[+-]\d\d:\d\d)$/);
      timestamps.add(sample.timestamp);
    }
    expect(timestamps.size).toBe(EVENTS.length);
  });
});

describe('trigger sentence', () => {
  it('turns the event description into the help text both plugins show', () => {
    expect(triggerSentence(getEvent('booking.confirmed'))).toBe('Triggers when a booking is confirmed.');
    expect(triggerSentence(getEvent('booking.no_show'))).toBe("Triggers when an attendee doesn't show up.");
  });
});
