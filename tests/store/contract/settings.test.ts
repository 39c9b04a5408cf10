import { expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/store/guild-settings.js';
import { WARN } from '../../helpers/logger.js';
import { contractSuite } from './backends.js';

const GUILD = '123456789012345678';
const CHANNEL = '223456789012345678';
const ROLE = '323456789012345678';

contractSuite('guild settings', (open) => {
  it('gives the defaults to a server with no row', async () => {
    const { stores } = await open();
    expect(await stores.settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps every field and changes only what a patch names', async () => {
    const { stores } = await open();
    expect(await stores.settings.update(GUILD, { color: 0x00ff00, newsChannelId: CHANNEL })).toEqual({ ...DEFAULT_SETTINGS, color: 0x00ff00, newsChannelId: CHANNEL });
    await stores.settings.update(GUILD, { summarySentences: 5, mentionRoleId: ROLE });
    await stores.settings.update(GUILD, { newsChannelId: null });
    expect(await stores.settings.get(GUILD)).toEqual({ ...DEFAULT_SETTINGS, color: 0x00ff00, summarySentences: 5, newsChannelId: null, mentionRoleId: ROLE });
    expect(await stores.settings.get('999999999999999999')).toEqual(DEFAULT_SETTINGS);
  });

  it('resets a server to the defaults', async () => {
    const { stores } = await open();
    await stores.settings.update(GUILD, { color: 1 });
    await stores.settings.reset(GUILD);
    expect(await stores.settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
  });

  it('two processes changing different settings at once both keep their change', async () => {
    const harness = await open();
    const other = await harness.another();
    await Promise.all([
      harness.stores.settings.update(GUILD, { color: 0x123456 }),
      other.settings.update(GUILD, { summarySentences: 7 }),
      harness.stores.settings.update(GUILD, { newsChannelId: CHANNEL }),
      other.settings.update(GUILD, { mentionRoleId: ROLE }),
    ]);
    expect(await other.settings.get(GUILD)).toEqual({ ...DEFAULT_SETTINGS, color: 0x123456, summarySentences: 7, newsChannelId: CHANNEL, mentionRoleId: ROLE });
  });

  it('a field edited by hand into nonsense reads as its default with a warning, and the row is kept', async () => {
    const { stores, sql, logs } = await open();
    await stores.settings.update(GUILD, { color: 0x123456, newsChannelId: CHANNEL });
    await sql("UPDATE guild_settings SET news_channel_id = 'not-a-channel'");
    expect(await stores.settings.get(GUILD)).toEqual({ ...DEFAULT_SETTINGS, color: 0x123456 });
    expect(logs.find((line) => line.level === WARN)).toMatchObject({ guildId: GUILD, field: 'newsChannelId' });
    await stores.settings.update(GUILD, { summarySentences: 2 });
    expect(await stores.settings.get(GUILD)).toEqual({ ...DEFAULT_SETTINGS, color: 0x123456, summarySentences: 2 });
  });
});
