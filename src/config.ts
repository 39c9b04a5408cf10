// Configuration from the environment, parsed once with zod and passed down as a value.
// Nothing reads process.env at import time; the entry points call loadEnvFile() and then a parse function.
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
  SCHEDULE_MIN_INTERVAL_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1')
    .max(1440, 'must be at most 1440')
    .default(5),
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
};

const baseSchema = z.object(baseShape);
const botSchema = z.object({ ...baseShape, ...discordShape });

export interface BaseConfig {
  articlesDir: string;
  databasePath: string;
  /** When set, PostgreSQL holds everything DATABASE_PATH would (it may contain a password: never log it). */
  databaseUrl?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  scheduleMinIntervalMinutes: number;
}

export interface BotConfig extends BaseConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  apiBase?: string;
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

function toBase(env: z.output<typeof baseSchema>): BaseConfig {
  return {
    articlesDir: env.ARTICLES_DIR,
    databasePath: env.DATABASE_PATH,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    logLevel: env.LOG_LEVEL,
    scheduleMinIntervalMinutes: env.SCHEDULE_MIN_INTERVAL_MINUTES,
  };
}

export function parseBaseConfig(env: Env): BaseConfig {
  return toBase(parseWith(baseSchema, env));
}

export function parseBotConfig(env: Env): BotConfig {
  const parsed = parseWith(botSchema, env);
  return {
    ...toBase(parsed),
    token: parsed.DISCORD_TOKEN,
    applicationId: parsed.DISCORD_APPLICATION_ID,
    ...(parsed.GUILD_ID ? { guildId: parsed.GUILD_ID } : {}),
    ...(parsed.DISCORD_API_BASE ? { apiBase: parsed.DISCORD_API_BASE.replace(/\/+$/, '') } : {}),
  };
}
