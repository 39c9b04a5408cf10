import { describe, expect, it } from 'vitest';
import { ConfigError, parseBaseConfig, parseBotConfig } from '../src/config.js';

const valid = { DISCORD_TOKEN: 'secret-token-value', DISCORD_APPLICATION_ID: '123456789012345678' };

describe('config', () => {
  it('applies defaults', () => {
    expect(parseBotConfig(valid)).toEqual({
      articlesDir: './articles',
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
});
