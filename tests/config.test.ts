import { describe, expect, it } from 'vitest';
import { ConfigError, parseBaseConfig, parseBotConfig } from '../src/config.js';

const valid = { DISCORD_TOKEN: 'secret-token-value', DISCORD_APPLICATION_ID: '123456789012345678' };

describe('config', () => {
  it('applies defaults', () => {
    expect(parseBotConfig(valid)).toEqual({
      articlesDir: './articles',
      articlesDirSet: false,
      databasePath: './data/news-bot.sqlite',
      logLevel: 'info',
      scheduleMinIntervalMinutes: 5,
      token: 'secret-token-value',
      applicationId: '123456789012345678',
    });
  });

  it('reads every variable', () => {
    const config = parseBotConfig({
      ...valid,
      GUILD_ID: '223456789012345678',
      ARTICLES_DIR: '/srv/articles',
      DATABASE_PATH: '/srv/db.sqlite',
      DISCORD_API_BASE: 'http://127.0.0.1:8080/api/',
      LOG_LEVEL: 'debug',
      SCHEDULE_MIN_INTERVAL_MINUTES: '1',
    });
    expect(config).toMatchObject({ guildId: '223456789012345678', apiBase: 'http://127.0.0.1:8080/api', scheduleMinIntervalMinutes: 1, logLevel: 'debug' });
  });

  it('reads shards and the health port', () => {
    expect(parseBotConfig({ ...valid, SHARD_COUNT: '4', SHARD_IDS: '0-1,3', HEALTH_PORT: '9464' })).toMatchObject({ shards: { count: 4, ids: [0, 1, 3] }, healthPort: 9464 });
    expect(parseBotConfig({ ...valid, SHARD_COUNT: '2' })).toMatchObject({ shards: { count: 2, ids: [0, 1] } });
    expect(parseBotConfig(valid)).not.toHaveProperty('shards');
  });

  it.each([
    [{ SHARD_IDS: '0' }, 'SHARD_IDS needs SHARD_COUNT'],
    [{ SHARD_COUNT: '2', SHARD_IDS: '0-2' }, 'SHARD_IDS lists shard 2, but SHARD_COUNT makes shards 0 to 1'],
    [{ SHARD_COUNT: '2', SHARD_IDS: 'one' }, 'SHARD_IDS must list shard ids such as 0,1 or 0-3'],
    [{ SHARD_COUNT: '4', SHARD_IDS: '3-1' }, 'SHARD_IDS has a range that runs backwards (3-1)'],
    [{ SHARD_COUNT: '0' }, 'SHARD_COUNT must be at least 1'],
    [{ HEALTH_PORT: '70000' }, 'HEALTH_PORT must be from 1 to 65535'],
  ])('refuses %o', (extra, problem) => {
    expect(() => parseBotConfig({ ...valid, ...extra })).toThrow(problem);
  });

  it('treats empty values as unset, so a copied .env.example works', () => {
    expect(parseBotConfig({ ...valid, GUILD_ID: '', DISCORD_API_BASE: ' ', SCHEDULE_MIN_INTERVAL_MINUTES: '' })).not.toHaveProperty('apiBase');
  });

  it('reports every problem at once, naming each variable, and never the token', () => {
    let error: unknown;
    try {
      parseBotConfig({ DISCORD_TOKEN: 'has a space', GUILD_ID: 'abc', DISCORD_API_BASE: 'ftp://x', LOG_LEVEL: 'loud', SCHEDULE_MIN_INTERVAL_MINUTES: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['LOG_LEVEL', 'SCHEDULE_MIN_INTERVAL_MINUTES', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'GUILD_ID', 'DISCORD_API_BASE']);
    expect(message).toContain('.env.example');
    expect(message).not.toContain('has a space');
  });

  it('takes a PostgreSQL URL for DATABASE_URL, and leaves it unset by default', () => {
    expect(parseBaseConfig({ DATABASE_URL: 'postgres://bot:pw@db.example.org:5432/news?sslmode=verify-full' }).databaseUrl).toBe('postgres://bot:pw@db.example.org:5432/news?sslmode=verify-full');
    expect(parseBaseConfig({ DATABASE_URL: 'postgresql://db.example.org/news' }).databaseUrl).toBe('postgresql://db.example.org/news');
    expect(parseBaseConfig({ DATABASE_URL: ' ' })).not.toHaveProperty('databaseUrl');
  });

  it.each([
    ['mysql://bot:hunter2-secret@db.example.org/news'],
    ['postgres://bot:hunter2-secret@/news'],
    ['bot:hunter2-secret@db.example.org'],
  ])('refuses DATABASE_URL %s, naming the variable and never showing the value', (value) => {
    let error: unknown;
    try {
      parseBaseConfig({ DATABASE_URL: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL with a host/)]);
    expect((error as ConfigError).message).not.toContain('hunter2-secret');
  });

  it('needs no token for the offline parts', () => {
    expect(parseBaseConfig({}).articlesDir).toBe('./articles');
  });

  describe('summary model', () => {
    const OLLAMA = 'http://127.0.0.1:11434/v1/chat/completions';

    it('is off unless its endpoint is set', () => {
      expect(parseBaseConfig({})).not.toHaveProperty('summaryModel');
      expect(parseBaseConfig({ SUMMARY_MODEL_URL: '', SUMMARY_MODEL: '', SUMMARY_MODEL_KEY: '' })).not.toHaveProperty('summaryModel');
    });

    it('reads the endpoint, the model and the key, for the bot and the offline parts alike', () => {
      const vars = { SUMMARY_MODEL_URL: OLLAMA, SUMMARY_MODEL: ' llama3.2:3b ', SUMMARY_MODEL_KEY: 'sk-abc123' };
      expect(parseBaseConfig(vars).summaryModel).toEqual({ url: OLLAMA, model: 'llama3.2:3b', key: 'sk-abc123' });
      expect(parseBotConfig({ ...valid, ...vars }).summaryModel).toEqual({ url: OLLAMA, model: 'llama3.2:3b', key: 'sk-abc123' });
      expect(parseBaseConfig({ SUMMARY_MODEL_URL: 'https://api.example.com/v1/chat/completions', SUMMARY_MODEL: 'small' }).summaryModel).toEqual({
        url: 'https://api.example.com/v1/chat/completions',
        model: 'small',
      });
    });

    it.each([
      [{ SUMMARY_MODEL_URL: OLLAMA }, 'SUMMARY_MODEL is required when SUMMARY_MODEL_URL is set'],
      [{ SUMMARY_MODEL: 'llama3.2:3b' }, 'SUMMARY_MODEL_URL is missing: SUMMARY_MODEL is set without it'],
      [{ SUMMARY_MODEL_KEY: 'sk-abc123' }, 'SUMMARY_MODEL_URL is missing: SUMMARY_MODEL_KEY is set without it'],
      [{ SUMMARY_MODEL_URL: 'ftp://127.0.0.1/v1/chat/completions', SUMMARY_MODEL: 'm' }, 'SUMMARY_MODEL_URL must be an http(s) URL'],
      [{ SUMMARY_MODEL_URL: 'not a url', SUMMARY_MODEL: 'm' }, 'SUMMARY_MODEL_URL must be an http(s) URL'],
      [{ SUMMARY_MODEL_URL: '127.0.0.1:11434/v1/chat/completions', SUMMARY_MODEL: 'm' }, 'SUMMARY_MODEL_URL must be an http(s) URL'],
      [{ SUMMARY_MODEL_URL: 'http://127.0.0.1:11434/v1', SUMMARY_MODEL: 'm' }, 'SUMMARY_MODEL_URL must be the full chat completions endpoint'],
      [{ SUMMARY_MODEL_URL: 'https://me:sk-abc123@api.example.com/v1/chat/completions', SUMMARY_MODEL: 'm' }, 'SUMMARY_MODEL_URL must not hold a user name or password'],
      [{ SUMMARY_MODEL_URL: OLLAMA, SUMMARY_MODEL: 'm', SUMMARY_MODEL_KEY: 'sk abc123' }, 'SUMMARY_MODEL_KEY must not contain spaces'],
    ])('refuses %o, naming the variable', (vars, problem) => {
      expect(() => parseBaseConfig(vars)).toThrow(problem);
    });

    it('is documented in .env.example and the README', async () => {
      const { readFile } = await import('node:fs/promises');
      const [example, readme] = await Promise.all([readFile('.env.example', 'utf8'), readFile('README.md', 'utf8')]);
      for (const name of ['SUMMARY_MODEL_URL', 'SUMMARY_MODEL', 'SUMMARY_MODEL_KEY']) {
        expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
        expect(readme).toContain(`| \`${name}\` |`);
      }
    });

    it('never shows the key or the URL in an error, and reports the model problems with the others', () => {
      let error: unknown;
      try {
        parseBaseConfig({ LOG_LEVEL: 'loud', SUMMARY_MODEL_URL: 'https://me:sk-abc123@api.example.com/v1', SUMMARY_MODEL_KEY: 'sk abc123' });
      } catch (caught) {
        error = caught;
      }
      const { problems, message } = error as ConfigError;
      expect(problems.map((p) => p.split(' ')[0])).toEqual(['LOG_LEVEL', 'SUMMARY_MODEL_URL', 'SUMMARY_MODEL_URL', 'SUMMARY_MODEL_KEY']);
      expect(message).not.toContain('abc123');
    });
  });
});
