// `npm run deploy-commands` end to end: the project's deploy logic registers every command from
// commands/index.ts with the local server, which validates each definition like Discord; the real
// script is run once as a child process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { type BotWorld, killChildren, startNode, startWorld } from './harness.js';

const names = commands.map((command) => command.data.name);

let world: BotWorld;

beforeEach(async () => {
  world = await startWorld({ bot: false, deploy: false });
});

afterEach(async () => {
  await killChildren();
  await world.close();
});

function expectRegistered(registered: Record<string, unknown>[]): void {
  expect(registered.map((c) => c.name).sort()).toEqual([...names].sort());
  for (const command of commands) {
    const found = registered.find((c) => c.name === command.data.name);
    expect(found).toMatchObject({
      type: 1,
      application_id: world.discord.applicationId,
      description: command.data.description,
      default_member_permissions: command.data.default_member_permissions ?? null,
    });
    // Every subcommand arrives with its options.
    const subcommands = (found?.options ?? []) as Array<{ name: string; options?: unknown[] }>;
    expect(subcommands.map((s) => s.name)).toEqual((command.data.options ?? []).map((o) => o.name));
    (command.data.options ?? []).forEach((option, index) => {
      const given = 'options' in option ? (option.options ?? []) : [];
      expect(subcommands[index]?.options ?? []).toHaveLength(given.length);
    });
  }
}

describe('deployCommands', () => {
  it('registers every command of commands/index.ts for a server, and again without duplicates', async () => {
    const result = await world.deploy();
    expect(result).toEqual({ scope: 'guild', names });
    const first = world.discord.commands(world.guild.id);
    expectRegistered(first);
    expect(world.discord.commands()).toEqual([]);

    await world.deploy();
    const second = world.discord.commands(world.guild.id);
    expect(second.map((c) => c.id).sort()).toEqual(first.map((c) => c.id).sort());
  });

  it('registers globally when no server is given', async () => {
    expect(await world.deploy(null)).toEqual({ scope: 'global', names });
    expectRegistered(world.discord.commands());
    expect(world.discord.commands(world.guild.id)).toEqual([]);
  });
});

describe('npm run deploy-commands (the real script)', () => {
  it('registers the commands for GUILD_ID and says so', async () => {
    const script = startNode('scripts/deploy-commands.ts', world.env({ GUILD_ID: world.guild.id }), world.dir);
    const { code } = await script.exited;
    expect(script.stderr).toBe('');
    expect(code).toBe(0);
    const invite = `https://discord.com/oauth2/authorize?client_id=${world.discord.applicationId}&scope=bot+applications.commands&permissions=309774601216`;
    expect(script.stdout).toBe(`Registered ${names.map((n) => `/${n}`).join(', ')} for server ${world.guild.id}.\nInvite the bot to a server with:\n  ${invite}\n`);
    expectRegistered(world.discord.commands(world.guild.id));
  });

  it('with a wrong token fails with a message that does not contain the token', async () => {
    const token = 'not-the-right-token-7f3a9c';
    const script = startNode('scripts/deploy-commands.ts', world.env({ GUILD_ID: world.guild.id, DISCORD_TOKEN: token }), world.dir);
    const { code } = await script.exited;
    expect(code).toBe(1);
    expect(script.stderr).toMatch(/^Registering commands failed: .*401/);
    expect(script.stdout + script.stderr).not.toContain(token);
    expect(world.discord.commands(world.guild.id)).toEqual([]);
  });
});
