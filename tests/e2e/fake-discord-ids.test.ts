// Chosen ids in the fake server's world: a world rebuilt at every start (the sandbox) keeps the ids its
// database refers to, and the real client sees them as Discord would send them.
import { Client, GatewayIntentBits } from 'discord.js';
import { afterEach, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from './fake-discord/index.js';

let discord: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  await discord?.close();
  client = undefined;
  discord = undefined;
});

it('guilds, channels, roles and members keep the ids they were given', async () => {
  discord = await startFakeDiscord();
  const guild = discord.addGuild({ id: '1100000000000000001', name: 'Kept' });
  const channel = discord.addChannel(guild.id, { id: '1100000000000000002', name: 'news' });
  const role = discord.addRole(guild.id, { id: '1100000000000000003', name: 'subscribers', mentionable: true });
  const member = discord.addMember(guild.id, { id: '1100000000000000004', username: 'admin', roles: [role.id] });
  expect([guild.id, channel.id, role.id, member.id]).toEqual(['1100000000000000001', '1100000000000000002', '1100000000000000003', '1100000000000000004']);

  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiBase } });
  const ready = new Promise<void>((resolve) => client!.once('clientReady', () => resolve()));
  await client.login(discord.token);
  await ready;
  const cached = client.guilds.cache.get('1100000000000000001');
  expect(cached?.channels.cache.get('1100000000000000002')?.name).toBe('news');
  expect(cached?.roles.cache.get('1100000000000000003')?.name).toBe('subscribers');
});

it('refuses an id that is taken or not shaped like a snowflake', async () => {
  discord = await startFakeDiscord();
  const guild = discord.addGuild({ id: '1100000000000000001', name: 'Kept' });
  discord.addChannel(guild.id, { id: '1100000000000000002', name: 'news' });
  expect(() => discord!.addGuild({ id: '1100000000000000001', name: 'Again' })).toThrow('already in use');
  expect(() => discord!.addChannel(guild.id, { id: '1100000000000000002', name: 'again' })).toThrow('already in use');
  expect(() => discord!.addRole(guild.id, { id: 'subscribers', name: 'subscribers' })).toThrow('not a snowflake');
  // Without an id, the server still picks fresh ones.
  expect(discord.addChannel(guild.id, { name: 'general' }).id).toMatch(/^\d{17,20}$/);
});
