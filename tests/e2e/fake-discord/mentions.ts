// Which mentions in a message's content would notify someone, following Discord's
// allowed_mentions rules. Embeds never ping, so only `content` is read. Markdown is ignored on
// purpose: being stricter than Discord here can only make a test fail, never pass wrongly.
import type { Pinged } from './state.js';

export interface MentionContext {
  guildId: string;
  /** Whether the author may use @everyone/@here and mention unmentionable roles. */
  canMentionEveryone: boolean;
  roleMentionable: (roleId: string) => boolean | undefined;
  userExists: (userId: string) => boolean;
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

export function parseContentMentions(content: string): Pinged {
  const users = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1] ?? '');
  const roles = [...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1] ?? '');
  return { everyone: /@(everyone|here)/.test(content), users: unique(users), roles: unique(roles) };
}

/**
 * `pingable`: what allowed_mentions lets through regardless of permissions (assert this empty to
 * prove the payload alone neutralises untrusted text). `pinged`: what Discord would notify.
 */
export function computeMentions(
  content: string,
  allowed: Record<string, unknown> | undefined,
  ctx: MentionContext,
): { pinged: Pinged; pingable: Pinged } {
  const found = parseContentMentions(content);
  // `<@&guild_id>` is the @everyone role: Discord treats it like @everyone.
  const everyoneRole = found.roles.includes(ctx.guildId);
  const roles = found.roles.filter((r) => r !== ctx.guildId);
  // No allowed_mentions at all means "parse everything" (Discord's default).
  const parse = allowed === undefined ? ['users', 'roles', 'everyone'] : Array.isArray(allowed.parse) ? allowed.parse : [];
  const userList = Array.isArray(allowed?.users) ? (allowed.users as string[]) : [];
  const roleList = Array.isArray(allowed?.roles) ? (allowed.roles as string[]) : [];
  const pingable: Pinged = {
    everyone: (found.everyone || everyoneRole) && parse.includes('everyone'),
    users: found.users.filter((u) => parse.includes('users') || userList.includes(u)),
    roles: roles.filter((r) => parse.includes('roles') || roleList.includes(r)),
  };
  const pinged: Pinged = {
    everyone: pingable.everyone && ctx.canMentionEveryone,
    users: pingable.users.filter((u) => ctx.userExists(u)),
    roles: pingable.roles.filter((r) => {
      const mentionable = ctx.roleMentionable(r);
      return mentionable !== undefined && (mentionable || ctx.canMentionEveryone);
    }),
  };
  return { pinged, pingable };
}

export function unionPinged(a: Pinged, b: Pinged): Pinged {
  return {
    everyone: a.everyone || b.everyone,
    users: unique([...a.users, ...b.users]),
    roles: unique([...a.roles, ...b.roles]),
  };
}
