// Read-only REST routes the client and bot use: gateway discovery, the bot's user and
// application, guilds, roles, members and channels, each gated like Discord (a bot sees only
// guilds it is in and channels it can view).
import { errors } from './errors.js';
import { has, P } from './permissions.js';
import type { Router } from './router.js';
import { apiChannel, apiGuild, apiMember, apiRole, apiUser } from './serialize.js';
import { apiThread } from './serialize-threads.js';
import type { Channel, FakeState, Guild } from './state.js';
import { effectivePermissions, isThread } from './thread-access.js';

export interface CoreDeps {
  state: FakeState;
  applicationId: string;
  gatewayUrl: () => string;
  sessionStartLimit: () => Record<string, number>;
  recommendedShards: () => number;
  application: () => Record<string, unknown>;
}

export function registerCoreRoutes(router: Router, deps: CoreDeps): void {
  const { state } = deps;
  const bot = () => state.users.get(state.botUserId);

  const guildFor = (id: string | undefined): Guild => {
    const guild = state.guild(id ?? '');
    if (!guild) throw errors.unknownGuild();
    if (!state.botInGuild(guild.id)) throw errors.missingAccess();
    return guild;
  };
  const viewable = (id: string | undefined): Channel => {
    const channel = state.channel(id ?? '');
    if (!channel) throw errors.unknownChannel();
    if (!state.botInGuild(channel.guildId) || !has(effectivePermissions(state, channel, state.botUserId), P.ViewChannel)) throw errors.missingAccess();
    return channel;
  };

  router.add('GET', '/gateway', () => ({ status: 200, body: { url: deps.gatewayUrl() } }), { auth: false });
  router.add('GET', '/gateway/bot', () => ({
    status: 200,
    body: { url: deps.gatewayUrl(), shards: deps.recommendedShards(), session_start_limit: deps.sessionStartLimit() },
  }));
  router.add('GET', '/users/@me', () => {
    const user = bot();
    return { status: 200, body: user ? { ...apiUser(user), verified: true, mfa_enabled: false, email: null, locale: 'en-US' } : {} };
  });
  router.add('GET', '/users/@me/guilds', () => ({
    status: 200,
    body: [...state.guilds.values()]
      .filter((g) => state.botInGuild(g.id))
      .map((g) => ({ id: g.id, name: g.name, icon: null, banner: null, owner: false, permissions: state.guildPermissions(g.id, state.botUserId).toString(), features: [] })),
  }));
  router.add('GET', '/users/:user', (ctx) => {
    const user = state.users.get(ctx.params.user ?? '');
    if (!user) throw errors.unknownUser();
    return { status: 200, body: apiUser(user) };
  });
  router.add('GET', '/applications/@me', () => ({ status: 200, body: deps.application() }));
  router.add('GET', '/oauth2/applications/@me', () => ({ status: 200, body: deps.application() }));

  router.add('GET', '/guilds/:guild', (ctx) => {
    const guild = guildFor(ctx.params.guild);
    const counts = ctx.query.get('with_counts') === 'true' ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
    return { status: 200, body: { ...apiGuild(guild), ...counts } };
  }, { major: ['guild'] });
  router.add('GET', '/guilds/:guild/roles', (ctx) => ({ status: 200, body: [...guildFor(ctx.params.guild).roles.values()].map(apiRole) }), { major: ['guild'] });
  router.add('GET', '/guilds/:guild/roles/:role', (ctx) => {
    const role = guildFor(ctx.params.guild).roles.get(ctx.params.role ?? '');
    if (!role) throw errors.unknownRole();
    return { status: 200, body: apiRole(role) };
  }, { major: ['guild'] });
  router.add('GET', '/guilds/:guild/channels', (ctx) => {
    const guild = guildFor(ctx.params.guild);
    // Bots get every channel of the guild, viewable or not (like Discord's bot API).
    const channels = guild.channelIds.map((id) => state.channel(id)).filter((c): c is Channel => c !== undefined);
    return { status: 200, body: channels.map((c) => apiChannel(c)) };
  }, { major: ['guild'] });
  router.add('GET', '/guilds/:guild/members/:user', (ctx) => {
    const member = guildFor(ctx.params.guild).members.get(ctx.params.user ?? '');
    if (!member) throw errors.unknownMember();
    return { status: 200, body: apiMember(state, member) };
  }, { major: ['guild'] });
  router.add('GET', '/channels/:channel', (ctx) => {
    const channel = viewable(ctx.params.channel);
    // A thread comes with the bot's thread member object when it has joined.
    return { status: 200, body: isThread(channel) ? apiThread(state, channel, state.botUserId) : apiChannel(channel) };
  }, { major: ['channel'] });
}
