// /applications/{app}/commands and /applications/{app}/guilds/{guild}/commands.
import { apiCommand, bulkOverwrite, createCommand, deleteCommand, editCommand } from './commands.js';
import { errors } from './errors.js';
import type { RequestContext, Router } from './router.js';
import type { FakeState } from './state.js';

export function registerCommandRoutes(router: Router, deps: { state: FakeState; applicationId: string; snowflake: () => string }): void {
  const { state, applicationId, snowflake } = deps;

  /** The scope (null = global) after checking the app id and, for guild routes, bot membership. */
  const scope = (ctx: RequestContext): string | null => {
    if (ctx.params.app !== applicationId) throw errors.notAuthorizedForApp();
    const guildId = ctx.params.guild ?? null;
    if (guildId !== null && !state.botInGuild(guildId)) throw errors.missingAccess();
    return guildId;
  };
  const list = (guildId: string | null) =>
    [...(guildId ? (state.guildCommands.get(guildId)?.values() ?? []) : state.globalCommands.values())].map((c) => apiCommand(applicationId, c));

  for (const base of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
    const major = base.includes(':guild') ? ['app', 'guild'] : ['app'];
    router.add('GET', base, (ctx) => ({ status: 200, body: list(scope(ctx)) }), { major });
    router.add('PUT', base, (ctx) => {
      const guildId = scope(ctx);
      const records = bulkOverwrite(state, guildId, ctx.body, snowflake);
      return { status: 200, body: records.map((r) => apiCommand(applicationId, r)) };
    }, { major });
    router.add('POST', base, (ctx) => {
      const { record, created } = createCommand(state, scope(ctx), ctx.body, snowflake);
      return { status: created ? 201 : 200, body: apiCommand(applicationId, record) };
    }, { major });
    router.add('GET', `${base}/:command`, (ctx) => {
      const guildId = scope(ctx);
      const found = (guildId ? state.guildCommands.get(guildId) : state.globalCommands)?.get(ctx.params.command ?? '');
      if (!found) throw errors.unknownCommand();
      return { status: 200, body: apiCommand(applicationId, found) };
    }, { major });
    router.add('PATCH', `${base}/:command`, (ctx) => ({
      status: 200,
      body: apiCommand(applicationId, editCommand(state, scope(ctx), ctx.params.command ?? '', ctx.body, snowflake)),
    }), { major });
    router.add('DELETE', `${base}/:command`, (ctx) => {
      deleteCommand(state, scope(ctx), ctx.params.command ?? '');
      return { status: 204 };
    }, { major });
  }
}
