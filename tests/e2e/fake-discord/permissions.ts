// Permission bits and Discord's documented permission algorithm (base permissions from roles,
// then channel overwrites in @everyone → roles → member order). Written independently of
// discord.js on purpose: the client under test computes the same thing, and a shared bug
// would otherwise hide itself.

const bit = (n: number): bigint => 1n << BigInt(n);

export const P = {
  CreateInstantInvite: bit(0),
  KickMembers: bit(1),
  BanMembers: bit(2),
  Administrator: bit(3),
  ManageChannels: bit(4),
  ManageGuild: bit(5),
  AddReactions: bit(6),
  ViewAuditLog: bit(7),
  Stream: bit(9),
  ViewChannel: bit(10),
  SendMessages: bit(11),
  SendTTSMessages: bit(12),
  ManageMessages: bit(13),
  EmbedLinks: bit(14),
  AttachFiles: bit(15),
  ReadMessageHistory: bit(16),
  MentionEveryone: bit(17),
  UseExternalEmojis: bit(18),
  Connect: bit(20),
  Speak: bit(21),
  UseVAD: bit(25),
  ChangeNickname: bit(26),
  ManageRoles: bit(28),
  ManageWebhooks: bit(29),
  UseApplicationCommands: bit(31),
  RequestToSpeak: bit(32),
  ManageThreads: bit(34),
  CreatePublicThreads: bit(35),
  CreatePrivateThreads: bit(36),
  UseExternalStickers: bit(37),
  SendMessagesInThreads: bit(38),
  UseEmbeddedActivities: bit(39),
  UseSoundboard: bit(42),
  CreateGuildExpressions: bit(43),
  CreateEvents: bit(44),
  UseExternalSounds: bit(45),
  SendVoiceMessages: bit(46),
  SendPolls: bit(49),
  UseExternalApps: bit(50),
} as const;

/** Every defined bit (0–52 minus the unused 47). */
export const ALL_PERMISSIONS = (bit(53) - 1n) & ~bit(47);

/** Roughly what a freshly created guild grants @everyone (Discord's current default set). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  P.CreateInstantInvite | P.AddReactions | P.Stream | P.ViewChannel | P.SendMessages |
  P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.MentionEveryone | P.UseExternalEmojis |
  P.Connect | P.Speak | P.UseVAD | P.ChangeNickname | P.UseApplicationCommands | P.RequestToSpeak |
  P.CreatePublicThreads | P.CreatePrivateThreads | P.UseExternalStickers | P.SendMessagesInThreads |
  P.UseEmbeddedActivities | P.UseSoundboard | P.CreateGuildExpressions | P.CreateEvents |
  P.UseExternalSounds | P.SendVoiceMessages | P.SendPolls | P.UseExternalApps;

/** What the brief asks the bot role to hold by default. */
export const DEFAULT_BOT_PERMISSIONS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory;

export interface Overwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  everyonePermissions: bigint;
  /** Permissions of each role the member holds (excluding @everyone). */
  rolePermissions: bigint[];
  roleIds: string[];
  userId: string;
}

export function basePermissions(s: PermissionSubject): bigint {
  if (s.userId === s.ownerId) return ALL_PERMISSIONS;
  let perms = s.everyonePermissions;
  for (const p of s.rolePermissions) perms |= p;
  return perms & P.Administrator ? ALL_PERMISSIONS : perms;
}

export function channelPermissions(s: PermissionSubject, overwrites: readonly Overwrite[]): bigint {
  const base = basePermissions(s);
  if (base & P.Administrator) return ALL_PERMISSIONS;
  let perms = base;
  const everyone = overwrites.find((o) => o.type === 0 && o.id === s.guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== s.guildId && s.roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const member = overwrites.find((o) => o.type === 1 && o.id === s.userId);
  if (member) perms = (perms & ~member.deny) | member.allow;
  return perms;
}

/**
 * Discord's implicit denials, applied when the server enforces permissions: without View Channel
 * nothing applies; without Send Messages the message-bound permissions are lost too. The raw
 * overwrite math above is what discord.js's permissionsFor() and app_permissions show.
 */
export function enforceablePermissions(perms: bigint): bigint {
  if (perms & P.Administrator) return perms;
  if (!(perms & P.ViewChannel)) return 0n;
  if (!(perms & P.SendMessages)) {
    return perms & ~(P.MentionEveryone | P.EmbedLinks | P.AttachFiles | P.SendTTSMessages);
  }
  return perms;
}

export const has = (perms: bigint, flag: bigint): boolean => (perms & flag) === flag;
