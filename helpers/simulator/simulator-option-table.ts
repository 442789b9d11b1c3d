import { DEFAULT_SIMULATOR_OPTIONS, type SimulatorOptions } from './simulator-options.js';

type OptionKey = keyof SimulatorOptions;
type KeysOfType<T> = { [K in OptionKey]: SimulatorOptions[K] extends T ? K : never }[OptionKey];

/** One simulator option: its type, range and one line of documentation. */
export type OptionSpec =
  | {
      key: KeysOfType<number>;
      kind: 'integer' | 'number';
      /** Inclusive bounds. */
      min: number;
      max: number;
      doc: string;
    }
  | { key: KeysOfType<boolean>; kind: 'boolean'; doc: string }
  | {
      key: 'host' | 'apiKey' | 'tlsCert' | 'tlsKey';
      kind: 'string';
      doc: string /** Never shown in output. */;
      secret?: true;
    }
  | { key: 'flavor' | 'nonStreamHeadersAt'; kind: 'enum'; values: readonly string[]; doc: string }
  | { key: KeysOfType<string[]>; kind: 'list'; doc: string };

const HOUR_MS = 3_600_000;

/**
 * The single table behind the CLI flags, the SIM_* environment variables, validation and
 * the help text, so they cannot drift apart.
 */
export const SIMULATOR_OPTION_TABLE: readonly OptionSpec[] = [
  { key: 'host', kind: 'string', doc: 'Interface to listen on.' },
  { key: 'port', kind: 'integer', min: 0, max: 65535, doc: 'TCP port; 0 picks a free one.' },
  { key: 'models', kind: 'list', doc: 'Comma-separated model ids; the first is the default.' },
  { key: 'apiKey', kind: 'string', secret: true, doc: 'Require this Bearer key (empty: none).' },
  { key: 'flavor', kind: 'enum', values: ['openai', 'llamacpp'], doc: 'Wire dialect.' },
  { key: 'slots', kind: 'integer', min: 1, max: 100_000, doc: 'Concurrent sequences.' },
  { key: 'queueLimit', kind: 'integer', min: 0, max: 10_000_000, doc: 'Queue cap (0: none).' },
  { key: 'prefillBaseMs', kind: 'number', min: 0, max: HOUR_MS, doc: 'Prefill base time, ms.' },
  { key: 'prefillPerTokenMs', kind: 'number', min: 0, max: 1000, doc: 'Prefill per token, ms.' },
  { key: 'extraTtftMs', kind: 'number', min: 0, max: HOUR_MS, doc: 'Extra prefill time, ms.' },
  { key: 'decodeBaseMs', kind: 'number', min: 0, max: 60_000, doc: 'Decode step base, ms.' },
  {
    key: 'decodePerActiveMs',
    kind: 'number',
    min: 0,
    max: 1000,
    doc: 'Decode step time per active sequence, ms.',
  },
  {
    key: 'outputTokens',
    kind: 'integer',
    min: 1,
    max: 1_000_000,
    doc: 'Default output length, plain prompts.',
  },
  {
    key: 'cotOutputTokens',
    kind: 'integer',
    min: 1,
    max: 1_000_000,
    doc: 'Default output length, chain-of-thought prompts.',
  },
  {
    key: 'outputTokensJitter',
    kind: 'number',
    min: 0,
    max: 1,
    doc: 'Relative spread of default lengths.',
  },
  { key: 'contextTokens', kind: 'integer', min: 1, max: 10_000_000, doc: 'Context window.' },
  { key: 'tokensPerEvent', kind: 'integer', min: 1, max: 1000, doc: 'Tokens per SSE event.' },
  { key: 'reasoning', kind: 'boolean', doc: 'Stream reasoning_content before content.' },
  {
    key: 'reasoningShare',
    kind: 'number',
    min: 0,
    max: 1,
    doc: 'Share of output tokens that are reasoning.',
  },
  {
    key: 'nonStreamHeadersAt',
    kind: 'enum',
    values: ['admit', 'end'],
    doc: 'Non-stream headers on leaving the queue or with the body.',
  },
  { key: 'seed', kind: 'integer', min: 0, max: 4_294_967_295, doc: 'Seed of all random choices.' },
  {
    key: 'truthLogLimit',
    kind: 'integer',
    min: 0,
    max: 10_000_000,
    doc: 'Requests kept in the truth log (0: off).',
  },
  { key: 'faultStatus500Rate', kind: 'number', min: 0, max: 1, doc: 'Share answered 500.' },
  { key: 'faultStatus503Rate', kind: 'number', min: 0, max: 1, doc: 'Share answered 503.' },
  { key: 'faultStatus429Rate', kind: 'number', min: 0, max: 1, doc: 'Share answered 429.' },
  {
    key: 'faultRetryAfterMs',
    kind: 'number',
    min: 0,
    max: HOUR_MS,
    doc: 'Retry-After of injected 429s, ms.',
  },
  { key: 'faultCutRate', kind: 'number', min: 0, max: 1, doc: 'Share cut mid-response.' },
  { key: 'faultMalformedRate', kind: 'number', min: 0, max: 1, doc: 'Share with a bad line.' },
  { key: 'faultStallRate', kind: 'number', min: 0, max: 1, doc: 'Share that stall mid-stream.' },
  { key: 'faultStallMs', kind: 'number', min: 0, max: HOUR_MS, doc: 'Stall length, ms.' },
  { key: 'tls', kind: 'boolean', doc: 'Serve HTTPS (a self-signed certificate made at start).' },
  { key: 'tlsCert', kind: 'string', doc: 'PEM certificate file for HTTPS (with tls-key).' },
  { key: 'tlsKey', kind: 'string', doc: 'PEM private key file for HTTPS (with tls-cert).' },
];

/** Options that each inject one fault; a request gets at most one, so their sum is <= 1. */
export const FAULT_RATE_KEYS = [
  'faultStatus500Rate',
  'faultStatus503Rate',
  'faultStatus429Rate',
  'faultCutRate',
  'faultMalformedRate',
  'faultStallRate',
] as const satisfies readonly KeysOfType<number>[];

/** `faultStatus500Rate` -> `fault-status-500-rate`: a dash before each word and digit run. */
const kebab = (key: string): string =>
  key
    .replace(/([a-z])([A-Z0-9])/g, '$1-$2')
    .replace(/([0-9])([A-Za-z])/g, '$1-$2')
    .toLowerCase();

/** `prefillBaseMs` -> `--prefill-base-ms`. */
export function optionFlag(key: OptionKey): string {
  return `--${kebab(key)}`;
}

/** `prefillBaseMs` -> `SIM_PREFILL_BASE_MS`. */
export function optionEnvName(key: OptionKey): string {
  return `SIM_${kebab(key).replaceAll('-', '_').toUpperCase()}`;
}

/** What a valid value looks like, for error messages and help. */
export function describeExpected(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'integer':
      return `an integer from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'text';
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
    case 'list':
      return 'a comma-separated list of non-empty names';
  }
}

/** The default as shown in help; secrets show no value. */
export function formatDefault(spec: OptionSpec): string {
  const value: unknown = DEFAULT_SIMULATOR_OPTIONS[spec.key];
  if (Array.isArray(value)) return value.join(',');
  if (value === '') return '(none)';
  return String(value);
}

/** Checks a typed value against the spec; returns true when valid. */
export function isValidOptionValue(spec: OptionSpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'integer':
      return (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= spec.min &&
        value <= spec.max
      );
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= spec.min &&
        value <= spec.max
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value);
    case 'list':
      return (
        Array.isArray(value) &&
        value.length > 0 &&
        value.every((item) => typeof item === 'string' && item.trim() !== '')
      );
  }
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_TEXT = new Set(['true', '1', 'yes', 'on']);
const FALSE_TEXT = new Set(['false', '0', 'no', 'off']);

/** Turns text from a flag or variable into a typed value; `undefined` when it does not parse. */
export function parseOptionText(spec: OptionSpec, text: string): unknown {
  const trimmed = text.trim();
  switch (spec.kind) {
    case 'integer':
    case 'number':
      return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : undefined;
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (TRUE_TEXT.has(lower)) return true;
      if (FALSE_TEXT.has(lower)) return false;
      return undefined;
    }
    case 'string':
      return text;
    case 'enum':
      return trimmed;
    case 'list':
      return trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
  }
}

/** `<label>: got <value>; expected <what> (default <d>).` Secrets are never echoed. */
export function formatOptionProblem(spec: OptionSpec, label: string, shown: unknown): string {
  const got = spec.kind === 'string' && spec.secret ? '(hidden)' : JSON.stringify(shown);
  return `${label}: got ${got}; expected ${describeExpected(spec)} (default ${formatDefault(spec)})`;
}

/** Problems that involve several options at once. */
export function crossOptionProblems(
  options: Partial<SimulatorOptions>,
  label: (key: OptionKey) => string,
): string[] {
  const tlsProblems =
    (options.tlsCert ?? '') === '' && (options.tlsKey ?? '') === ''
      ? []
      : (options.tlsCert ?? '') === '' || (options.tlsKey ?? '') === ''
        ? [
            `${label('tlsCert')} and ${label('tlsKey')} go together: give both PEM files, or ` +
              `neither (${label('tls')} then makes a self-signed certificate)`,
          ]
        : [];
  const given = FAULT_RATE_KEYS.filter(
    (key) => typeof options[key] === 'number' && (options[key] as number) > 0,
  );
  const sum = given.reduce((total, key) => total + (options[key] as number), 0);
  // A small epsilon so that rates like 0.1 + 0.2 + 0.7 are not rejected by rounding.
  if (sum > 1 + 1e-9) {
    const parts = given.map((key) => `${label(key)} ${options[key]}`).join(' + ');
    return [
      ...tlsProblems,
      `fault rates add up to ${Number(sum.toFixed(6))} (${parts}); a request gets at most one ` +
        'fault, so lower them to a sum of at most 1',
    ];
  }
  return tlsProblems;
}
