// Configuration from the environment, parsed once with zod and passed down as a value.
// Nothing reads process.env at import time; the entry points call loadEnvFile() and then a parse function.
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

const POSTGRES_URL_PROBLEM = 'must be a postgres:// or postgresql:// URL with a host, such as postgres://bot:PASSWORD@db.example.org:5432/news';

/** A URL pg can connect to over the network. The value itself never appears in a message: it may hold a password. */
function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && (url.hostname !== '' || url.searchParams.has('host'));
  } catch {
    return false;
  }
}

/** Settings every entry point needs, including the offline CLI. */
const baseShape = {
  ARTICLES_DIR: z.string().trim().min(1).default('./articles'),
  DATABASE_PATH: z.string().trim().min(1).default('./data/news-bot.sqlite'),
  DATABASE_URL: z.string().trim().refine(isPostgresUrl, POSTGRES_URL_PROBLEM).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Unset means "decide from the output": pretty on a terminal, JSON otherwise (see logger.ts).
  LOG_FORMAT: z.enum(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` }).optional(),
  SCHEDULE_MIN_INTERVAL_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1')
    .max(1440, 'must be at most 1440')
    .default(5),
  // A model that writes summaries: optional, and the extractive summarizer stays the fallback.
  SUMMARY_MODEL_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:11434/v1/chat/completions' })
    // Both checks run even when the value is no URL at all (zod reports every problem), so both tolerate that.
    .refine((value) => !hasCredentials(value), 'must not hold a user name or password (put the key in SUMMARY_MODEL_KEY)')
    .refine((value) => !isUrl(value) || /\/chat\/completions\/?$/.test(new URL(value).pathname), 'must be the full chat completions endpoint, ending in /chat/completions')
    .optional(),
  SUMMARY_MODEL: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .refine((value) => !/[\u0000-\u001F\u007F]/.test(value), 'must not contain control characters')
    .optional(),
  SUMMARY_MODEL_KEY: z
    .string()
    .trim()
    .refine((value) => !/\s/.test(value), 'must not contain spaces')
    .optional(),
  // For local testing only: lets feeds be fetched from loopback and private addresses.
  FEED_ALLOW_PRIVATE_HOSTS: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
};

/** Settings for talking to Discord (the bot and the deploy script). */
const discordShape = {
  DISCORD_TOKEN: z
    .string({ message: 'is missing' })
    .trim()
    .min(1, 'is missing')
    .refine((value) => !/\s/.test(value), 'must not contain spaces'),
  DISCORD_APPLICATION_ID: z.string({ message: 'is missing' }).trim().pipe(snowflake),
  GUILD_ID: z.string().trim().pipe(snowflake).optional(),
  DISCORD_API_BASE: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:8080/api' })
    .optional(),
  SHARD_COUNT: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').optional(),
  SHARD_IDS: z.string().trim().transform((text, ctx) => {
    const ids = parseShardIds(text);
    if (typeof ids === 'string') {
      ctx.addIssue({ code: 'custom', message: ids });
      return z.NEVER;
    }
    return ids;
  }).optional(),
  HEALTH_PORT: z.coerce.number({ message: 'must be a port number' }).int('must be a port number').min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535').optional(),
};

/** "0,1", "0-3", "0-3,8": the shard ids this process runs, sorted and without repeats. */
export function parseShardIds(text: string): number[] | string {
  const ids = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!match) return 'must list shard ids such as 0,1 or 0-3';
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return `has a range that runs backwards (${part})`;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

function isUrl(value: string): boolean {
  return URL.canParse(value);
}

function hasCredentials(value: string): boolean {
  if (!isUrl(value)) return false;
  const url = new URL(value);
  return url.username !== '' || url.password !== '';
}

type SummaryModelVars = { SUMMARY_MODEL_URL?: string | undefined; SUMMARY_MODEL?: string | undefined; SUMMARY_MODEL_KEY?: string | undefined };

// The model variables only make sense together: a name or key without an endpoint is a forgotten line,
// and an endpoint without a model name cannot be asked anything.
function checkSummaryModel(env: SummaryModelVars, ctx: z.RefinementCtx): void {
  if (env.SUMMARY_MODEL_URL && !env.SUMMARY_MODEL) {
    ctx.addIssue({ code: 'custom', path: ['SUMMARY_MODEL'], message: 'is required when SUMMARY_MODEL_URL is set (the model name the endpoint knows)' });
  }
  for (const name of ['SUMMARY_MODEL', 'SUMMARY_MODEL_KEY'] as const) {
    if (env[name] && !env.SUMMARY_MODEL_URL) ctx.addIssue({ code: 'custom', path: ['SUMMARY_MODEL_URL'], message: `is missing: ${name} is set without it` });
  }
}

const baseSchema = z.object(baseShape).superRefine(checkSummaryModel);
const botSchema = z.object({ ...baseShape, ...discordShape }).superRefine((env, ctx) => {
  checkSummaryModel(env, ctx);
  if (env.SHARD_IDS && env.SHARD_COUNT === undefined) ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: 'needs SHARD_COUNT, the total number of shards across every host' });
  const outside = env.SHARD_IDS?.find((id) => env.SHARD_COUNT !== undefined && id >= env.SHARD_COUNT);
  if (outside !== undefined) ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: `lists shard ${outside}, but SHARD_COUNT makes shards 0 to ${env.SHARD_COUNT! - 1}` });
});

export interface BaseConfig {
  articlesDir: string;
  /** ARTICLES_DIR was given: a folder that does not exist is then an error, never created. */
  articlesDirSet?: boolean;
  databasePath: string;
  /** When set, PostgreSQL holds everything DATABASE_PATH would (it may contain a password: never log it). */
  databaseUrl?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Unset: pretty when the log goes to a terminal, JSON otherwise. */
  logFormat?: LogFormat;
  scheduleMinIntervalMinutes: number;
  /** Set when a model writes summaries; without it every summary is extractive. */
  summaryModel?: SummaryModelConfig;
  /**
   * Feeds may be fetched from loopback and private addresses, never link-local (FEED_ALLOW_PRIVATE_HOSTS).
   * For local testing only: with it, a server's admins could make the bot fetch from its own network.
   */
  feedAllowPrivateHosts?: boolean;
}

export interface SummaryModelConfig {
  /** The full chat completions endpoint (OpenAI-compatible). */
  url: string;
  /** The model name sent with each request; also part of the summary cache key and the embed footer. */
  model: string;
  /** Sent as a bearer token. A secret: never logged, never shown in an error. */
  key?: string;
}

export interface BotConfig extends BaseConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  apiBase?: string;
  /** Gateway shards: the total across every host, and the ones this process runs. */
  shards?: { count: number; ids: number[] };
  /** Serve /healthz and /metrics on this port (off when unset). */
  healthPort?: number;
}

/** Thrown with every problem found, each naming its variable; never contains a value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Configuration problem${problems.length > 1 ? 's' : ''}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nSet these in the environment or in a .env file (see .env.example for every variable).',
    );
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** Reads .env from the working directory into process.env without overriding what is already set. */
export function loadEnvFile(): void {
  loadDotenv({ quiet: true });
}

function parseWith<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  // A variable set to an empty string (as in a copied .env.example) counts as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
  );
}

function toBase(env: z.output<typeof baseSchema>, raw: Env): BaseConfig {
  return {
    articlesDir: env.ARTICLES_DIR,
    articlesDirSet: Boolean(raw.ARTICLES_DIR?.trim()),
    databasePath: env.DATABASE_PATH,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    logLevel: env.LOG_LEVEL,
    ...(env.LOG_FORMAT ? { logFormat: env.LOG_FORMAT } : {}),
    scheduleMinIntervalMinutes: env.SCHEDULE_MIN_INTERVAL_MINUTES,
    ...(env.FEED_ALLOW_PRIVATE_HOSTS ? { feedAllowPrivateHosts: true } : {}),
    ...(env.SUMMARY_MODEL_URL && env.SUMMARY_MODEL
      ? { summaryModel: { url: env.SUMMARY_MODEL_URL, model: env.SUMMARY_MODEL, ...(env.SUMMARY_MODEL_KEY ? { key: env.SUMMARY_MODEL_KEY } : {}) } }
      : {}),
  };
}

export function parseBaseConfig(env: Env): BaseConfig {
  return toBase(parseWith(baseSchema, env), env);
}

export function parseBotConfig(env: Env): BotConfig {
  const parsed = parseWith(botSchema, env);
  return {
    ...toBase(parsed, env),
    token: parsed.DISCORD_TOKEN,
    applicationId: parsed.DISCORD_APPLICATION_ID,
    ...(parsed.GUILD_ID ? { guildId: parsed.GUILD_ID } : {}),
    ...(parsed.DISCORD_API_BASE ? { apiBase: parsed.DISCORD_API_BASE.replace(/\/+$/, '') } : {}),
    ...(parsed.SHARD_COUNT !== undefined
      ? { shards: { count: parsed.SHARD_COUNT, ids: parsed.SHARD_IDS ?? Array.from({ length: parsed.SHARD_COUNT }, (_, i) => i) } }
      : {}),
    ...(parsed.HEALTH_PORT !== undefined ? { healthPort: parsed.HEALTH_PORT } : {}),
  };
}
