import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { DEFAULT_SETTINGS } from '../../src/store/guild-settings.js';
import { SqliteGuildSettings } from '../../src/store/sqlite-guild-settings.js';
import { captureLogger, WARN } from '../helpers/logger.js';

const GUILD = '123456789012345678';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function open(path = join(dir, 'bot.sqlite')) {
  const db = openDatabase(path);
  const log = captureLogger();
  return { db, store: new SqliteGuildSettings(db, log.logger, { now: () => new Date('2026-11-01T00:00:00Z') }), log };
}

describe('SqliteGuildSettings', () => {
  it('gives defaults to a server with no row', async () => {
    const { db, store } = open();
    expect(await store.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    db.close();
  });

  it('keeps settings across a reopen of the same file', async () => {
    const first = open();
    const saved = { color: 0x00ff00, summarySentences: 5, newsChannelId: '223456789012345678', mentionRoleId: '323456789012345678', webhookName: 'Harbour Ledger', webhookAvatarUrl: 'https://news.example.org/logo.png' };
    await first.store.update(GUILD, saved);
    first.db.close();
    const second = open();
    expect(await second.store.get(GUILD)).toEqual(saved);
    second.db.close();
  });

  it('changes one field without touching the others', async () => {
    const { db, store } = open();
    await store.update(GUILD, { color: 1 });
    await store.update(GUILD, { summarySentences: 2 });
    expect(await store.get(GUILD)).toMatchObject({ color: 1, summarySentences: 2 });
    db.close();
  });

  it('resets to defaults', async () => {
    const { db, store } = open();
    await store.update(GUILD, { color: 1 });
    await store.reset(GUILD);
    expect(await store.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    db.close();
  });

  it('falls back per field when a stored row was edited into nonsense, and keeps the row', async () => {
    const { db, store, log } = open();
    await store.update(GUILD, { color: 0x123456, newsChannelId: '223456789012345678' });
    db.prepare("UPDATE guild_settings SET news_channel_id = 'not-a-channel'").run();
    expect(await store.get(GUILD)).toMatchObject({ color: 0x123456, newsChannelId: null });
    expect(log.lines.find((line) => line.level === WARN)).toMatchObject({ field: 'newsChannelId' });
    expect(db.prepare('SELECT news_channel_id FROM guild_settings').get()).toEqual({ news_channel_id: 'not-a-channel' });
    db.close();
  });

  it('refuses out-of-range values at the database level too', () => {
    const { db } = open();
    expect(() => db.prepare(`INSERT INTO guild_settings (guild_id, summary_sentences, color, updated_at) VALUES ('${GUILD}', 11, 0, 'x')`).run()).toThrow(/CHECK/);
    db.close();
  });
});
