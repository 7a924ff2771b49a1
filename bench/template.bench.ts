/**
 * Template rendering: core's JSON-safe render against Handlebars (compiled once, noEscape) and Mustache (parsed
 * once, unescaped), with JSON.stringify of the same payload as a second baseline. Every engine renders the default
 * payload with all 14 variables, cycling through a pool of distinct contexts so nothing can be cached. Then the
 * same templates render adversarial values, and each engine's outputs are checked for being valid JSON.
 */
import Handlebars from 'handlebars';
import Mustache from 'mustache';
import {
  buildDefaultPayload,
  CHANNELS,
  compileOrThrow,
  DEFAULT_TEMPLATE,
  EVENT_KEYS,
  render,
  SAMPLE_AGENTS,
  VARIABLES,
  type EventContext,
} from '@clarky/core';
import { median } from './stats';

const POOL_SIZE = 1024;
const WARM_UP_RENDERS = 300_000;
const RENDERS_PER_ROUND = 300_000;
const ROUNDS = 9;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same contexts. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = randomSource(20261126);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const ID_ALPHABET = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'];
const id = (prefix: string): string => prefix + Array.from({ length: 26 }, () => pick(ID_ALPHABET)).join('');

const FIRST_NAMES = ['Maria', 'James', 'Aisha', 'Chen', 'Olivia', 'Mateo', 'Priya', 'Lukas', 'Zoë', 'Kwame'];
const LAST_NAMES = ['Lopez', 'Smith', 'Khan', 'Wang', 'Brown', 'Rossi', 'Patel', 'Müller', 'Dubois', 'Mensah'];
const AGENTS = SAMPLE_AGENTS.map((agent) => agent.name);
const MESSAGES = [
  'Hi, can I book a demo for next Tuesday afternoon?',
  'Is the 3pm slot still free?',
  'I need to reschedule my appointment to Friday.',
  'What are your opening hours on weekends?',
  'Can someone call me back about my invoice?',
];
const SUMMARIES = ['Friendly and keen to book.', 'Neutral; asking about prices.', 'Frustrated by a long wait.'];

function realisticContext(n: number): EventContext {
  const firstName = pick(FIRST_NAMES);
  const lastName = pick(LAST_NAMES);
  const conversationId = id('c_');
  return {
    event: pick(EVENT_KEYS),
    timestamp: new Date(Date.UTC(2026, 10, 1) + n * 61_000 + Math.floor(random() * 60_000)).toISOString(),
    botId: id('b_'),
    botName: pick(AGENTS),
    conversationId,
    conversationUrl: `https://clarky.ai/app/conversations/${conversationId}`,
    firstMessage: `${pick(MESSAGES)} (#${n})`,
    type: pick(CHANNELS),
    phoneNumber: `+1415555${String(1000 + n).slice(-4)}`,
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${n}@example.com`.toLowerCase(),
    sentimentScore: Math.floor(random() * 101),
    sentimentSummary: pick(SUMMARIES),
  };
}

const TRICKY = [
  '"',
  '\\',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u001f',
  '\u2028',
  '\u2029',
  '}}',
  '{{',
  '"}',
  '😀',
  "O'Brien",
];

const STRING_VARIABLES = VARIABLES.filter((variable) => variable.type.kind === 'string').map(({ name }) => name);

/** Values people really send (a quote in a name, a line break in a message) and worse. */
function adversarialContext(n: number): EventContext {
  const context: Record<string, string | number | null> = { ...realisticContext(n) };
  context[pick(STRING_VARIABLES)] = `${pick(FIRST_NAMES)}${pick(TRICKY)}${pick(TRICKY)} ${pick(MESSAGES)}`;
  if (n % 3 === 0) context[pick(['email', 'lastName', 'phoneNumber', 'sentimentScore'])] = null;
  if (n % 5 === 0) context.sentimentScore = 0;
  return context;
}

/** Values as they reach render in real use: parsed from JSON (flat strings, not the concatenations built above). */
const asReceived = (context: EventContext): EventContext => JSON.parse(JSON.stringify(context)) as EventContext;

const contexts = Array.from({ length: POOL_SIZE }, (_, n) => asReceived(realisticContext(n)));
const adversarial = Array.from({ length: POOL_SIZE }, (_, n) => asReceived(adversarialContext(n)));
/** What each adversarial context's payload must come back as. */
const expected = adversarial.map((context) => JSON.stringify(buildDefaultPayload(context)));

// The template a Handlebars or Mustache user would write for the same payload: text in quotes, the score bare.
const naiveTemplate = (open: string, close: string): string =>
  `{${VARIABLES.map(({ name, type }) => {
    const slot = `${open}${name}${close}`;
    return `${JSON.stringify(name)}:${type.kind === 'integer' ? slot : `"${slot}"`}`;
  }).join(',')}}`;

const core = compileOrThrow(DEFAULT_TEMPLATE);
const handlebars = Handlebars.compile(naiveTemplate('{{', '}}'), { noEscape: true });
const mustacheText = naiveTemplate('{{{', '}}}');
Mustache.parse(mustacheText);

let sink = 0; // every output's length is kept, so no engine's work can be optimised away
const next = (i: number): EventContext => contexts[i & (POOL_SIZE - 1)] as EventContext;

interface Engine {
  readonly name: string;
  readonly render: (context: EventContext) => string;
  /**
   * The timing loop, its own function per engine so the JIT sees one engine per call site: a loop shared by all
   * engines would make its call polymorphic and penalise whichever engine it happened to inline.
   */
  readonly loop: (renders: number) => void;
}

const engines: readonly Engine[] = [
  {
    name: 'core',
    render: (context) => render(core, context),
    loop: (renders) => {
      for (let i = 0; i < renders; i++) sink += render(core, next(i)).length;
    },
  },
  {
    name: 'Handlebars',
    render: (context) => handlebars(context),
    loop: (renders) => {
      for (let i = 0; i < renders; i++) sink += handlebars(next(i)).length;
    },
  },
  {
    name: 'Mustache',
    render: (context) => Mustache.render(mustacheText, context),
    loop: (renders) => {
      for (let i = 0; i < renders; i++) sink += Mustache.render(mustacheText, next(i)).length;
    },
  },
  {
    name: 'JSON.stringify',
    render: (context) => JSON.stringify(buildDefaultPayload(context)),
    loop: (renders) => {
      for (let i = 0; i < renders; i++) sink += JSON.stringify(buildDefaultPayload(next(i))).length;
    },
  },
];

function rendersPerSecond(engine: Engine, renders: number): number {
  const started = performance.now();
  engine.loop(renders);
  return renders / ((performance.now() - started) / 1000);
}

for (const engine of engines) rendersPerSecond(engine, WARM_UP_RENDERS);
const rounds: ReadonlyMap<string, number>[] = [];
for (let round = 0; round < ROUNDS; round++) {
  rounds.push(new Map(engines.map((engine) => [engine.name, rendersPerSecond(engine, RENDERS_PER_ROUND)])));
}
const rate = (round: ReadonlyMap<string, number>, name: string): number => round.get(name) ?? NaN;

console.log(
  `Default payload, 14 variables, ${POOL_SIZE} distinct contexts, median of ${ROUNDS} rounds x ${RENDERS_PER_ROUND} renders`,
);
for (const { name } of engines) {
  const perSecond = median(rounds.map((round) => rate(round, name)));
  console.log(`  ${name.padEnd(15)} ${(perSecond / 1e6).toFixed(2)} M renders/s`);
}
// Ratios of rates measured next to each other in the same round, so a busy moment on the machine cancels out.
for (const other of ['Handlebars', 'Mustache', 'JSON.stringify']) {
  const ratio = median(rounds.map((round) => rate(round, 'core') / rate(round, other)));
  console.log(`  core / ${other.padEnd(15)} ${ratio.toFixed(2)}x`);
}

/** The rendered payload, or undefined when it is not JSON. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

console.log(`On ${POOL_SIZE} adversarial contexts (quotes, backslashes, line breaks, control characters, nulls...)`);
console.log(`  ${''.padEnd(15)} valid JSON   every value intact`);
for (const engine of engines) {
  const outputs = adversarial.map((context) => parsed(engine.render(context)));
  const valid = outputs.filter((output) => output !== undefined).length;
  const intact = outputs.filter((output, i) => JSON.stringify(output) === expected[i]).length;
  console.log(`  ${engine.name.padEnd(15)} ${`${valid}/${POOL_SIZE}`.padEnd(12)} ${intact}/${POOL_SIZE}`);
}

// What escaping costs: every adversarial context has a value to escape, so render takes its careful second pass.
const started = performance.now();
for (let i = 0; i < RENDERS_PER_ROUND; i++)
  sink += render(core, adversarial[i & (POOL_SIZE - 1)] as EventContext).length;
const adversarialRate = RENDERS_PER_ROUND / ((performance.now() - started) / 1000);
console.log(`  core on adversarial contexts: ${(adversarialRate / 1e6).toFixed(2)} M renders/s`);
if (sink === 0) console.log('(no output)');
