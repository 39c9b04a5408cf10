// Creating and editing stored messages: merges validated fields, builds attachments from
// uploads, records each write as a revision with its allowed_mentions and mention outcome.
import { computeMentions, unionPinged } from './mentions.js';
import { enforceablePermissions, P } from './permissions.js';
import type { FakeState, MessageRevision, StoredMessage } from './state.js';
import { assertNotEmpty, type MessageFields, type UploadedFile } from './validate-message.js';

type Obj = Record<string, unknown>;

export interface MessageDeps {
  state: FakeState;
  snowflake: () => string;
}

function buildAttachments(deps: MessageDeps, channelId: string, fields: MessageFields, files: UploadedFile[], existing: Obj[]): Obj[] {
  const kept = fields.attachments
    ? existing.filter((a) => fields.attachments?.some((x) => String(x.id) === String(a.id)))
    : existing;
  const added = files.map((file, index) => {
    const meta = fields.attachments?.find((a) => String(a.id) === String(index));
    const id = deps.snowflake();
    const filename = typeof meta?.filename === 'string' ? meta.filename : file.name;
    const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    return { id, filename, size: file.size, url, proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'), content_type: file.contentType, ...(typeof meta?.description === 'string' ? { description: meta.description } : {}) };
  });
  return [...kept, ...added];
}

function revision(deps: MessageDeps, m: StoredMessage, kind: 'create' | 'edit', fields: MessageFields, mentionPerms: bigint): MessageRevision {
  const guild = deps.state.guild(m.guildId);
  const { pinged, pingable } = computeMentions(m.content, fields.allowed_mentions, {
    guildId: m.guildId,
    canMentionEveryone: (enforceablePermissions(mentionPerms) & P.MentionEveryone) !== 0n,
    roleMentionable: (id) => guild?.roles.get(id)?.mentionable,
    userExists: (id) => deps.state.users.has(id),
  });
  return { kind, at: deps.state.clock(), body: { ...fields }, allowedMentions: fields.allowed_mentions, pinged, pingable };
}

export interface CreateArgs {
  /** A preset id: a forum post's first message shares its thread's id. */
  id?: string;
  channelId: string;
  guildId: string;
  authorId: string;
  fields: MessageFields;
  files: UploadedFile[];
  type: number;
  ephemeral: boolean;
  /** Interaction responses carry the application id as webhook_id. */
  webhookId: string | null;
  interaction: StoredMessage['interaction'];
  /** Author's permissions in the channel (decides @everyone and role pings). */
  mentionPerms: bigint;
  /** Deferred responses start empty, with the LOADING flag. */
  loading?: boolean;
}

export function createMessage(deps: MessageDeps, a: CreateArgs): StoredMessage {
  const attachments = buildAttachments(deps, a.channelId, a.fields, a.files, []);
  const message: StoredMessage = {
    id: a.id ?? deps.snowflake(),
    channelId: a.channelId,
    guildId: a.guildId,
    authorId: a.authorId,
    type: a.type,
    content: a.fields.content ?? '',
    embeds: a.fields.embeds ?? [],
    components: a.fields.components ?? [],
    attachments,
    flags: (a.fields.flags ?? 0) | (a.ephemeral ? 1 << 6 : 0) | (a.loading ? 1 << 7 : 0),
    tts: a.fields.tts ?? false,
    nonce: a.fields.nonce ?? null,
    createdAt: deps.state.clock(),
    editedAt: null,
    deleted: false,
    ephemeral: a.ephemeral,
    webhookId: a.webhookId,
    interaction: a.interaction,
    allowedMentions: a.fields.allowed_mentions,
    pinged: { everyone: false, roles: [], users: [] },
    pingable: { everyone: false, roles: [], users: [] },
    revisions: [],
  };
  if (!a.loading) assertNotEmpty(message);
  const rev = revision(deps, message, 'create', a.fields, a.mentionPerms);
  message.revisions.push(rev);
  message.pinged = rev.pinged;
  message.pingable = rev.pingable;
  deps.state.addMessage(message);
  return message;
}

/** Applies a PATCH; throws 50006 (leaving the message untouched) if the result would be empty. */
export function editMessage(deps: MessageDeps, m: StoredMessage, fields: MessageFields, files: UploadedFile[], mentionPerms: bigint): void {
  const next = {
    content: fields.content ?? m.content,
    embeds: fields.embeds ?? m.embeds,
    components: fields.components ?? m.components,
    attachments: fields.attachments || files.length > 0 ? buildAttachments(deps, m.channelId, fields, files, m.attachments) : m.attachments,
  };
  assertNotEmpty(next);
  Object.assign(m, next);
  // Only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 can change on edit; LOADING ends with any edit.
  const editable = (1 << 2) | (1 << 15);
  const base = m.flags & ~(1 << 7);
  m.flags = fields.flags !== undefined ? (base & ~editable) | (fields.flags & editable) : base;
  m.editedAt = deps.state.clock();
  const rev = revision(deps, m, 'edit', fields, mentionPerms);
  m.revisions.push(rev);
  m.allowedMentions = fields.allowed_mentions;
  m.pinged = unionPinged(m.pinged, rev.pinged);
  m.pingable = unionPinged(m.pingable, rev.pingable);
  deps.state.events.emit('message', m.id);
}
