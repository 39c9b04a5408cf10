// Shared set-up for the fake-discord self-tests that drive it with discord.js directly: a fresh
// server and guild per test, clients that are always destroyed, and DiscordAPIError capture.
import { once } from 'node:events';
import { Client, DiscordAPIError, Events, GatewayIntentBits, REST, type RESTOptions } from 'discord.js';
import { afterEach, beforeEach, expect } from 'vitest';
import { type FakeDiscord, type FakeDiscordOptions, type GuildHandle, startFakeDiscord } from './fake-discord/index.js';

export interface Suite {
  discord: FakeDiscord;
  guild: GuildHandle;
  /** A logged-in client (Guilds intent unless told otherwise), destroyed after the test. */
  login(intents?: GatewayIntentBits[]): Promise<Client>;
  rest(options?: Partial<RESTOptions>): REST;
}

export function useFakeDiscord(options: FakeDiscordOptions = {}): Suite {
  const clients: Client[] = [];
  const suite = {
    async login(intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds]): Promise<Client> {
      const client = new Client({ intents, rest: { api: suite.discord.apiBase } });
      clients.push(client);
      const ready = once(client, Events.ClientReady);
      await client.login(suite.discord.token);
      await ready;
      return client;
    },
    rest(restOptions: Partial<RESTOptions> = {}): REST {
      return new REST({ api: suite.discord.apiBase, ...restOptions }).setToken(suite.discord.token);
    },
  } as Suite;
  beforeEach(async () => {
    suite.discord = await startFakeDiscord(options);
    suite.guild = suite.discord.addGuild({ name: 'Test Guild' });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await suite.discord.close();
  });
  return suite;
}

export async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

/** The `errors` tree of a 50035 flattened to dotted paths, e.g. `message.embeds.0.title`. */
export function errorPaths(error: DiscordAPIError): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '_errors') out.push(path.join('.'));
      else walk(value, [...path, key]);
    }
  };
  walk((error.rawError as { errors?: unknown }).errors, []);
  return out.sort();
}
