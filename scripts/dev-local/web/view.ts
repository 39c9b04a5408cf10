// What the sandbox page shows of a stored message: plain data, with markdown already parsed into
// trees (markdown.ts) and ids already turned into names, so the page only lays it out.
import type { StoredMessage } from '../../../tests/e2e/fake-discord/index.js';
import { type Block, type Inline, type Names, parseInline, parseMarkdown, safeHref } from './markdown.js';

export interface EmbedView {
  color: string | null;
  author: { name: string; url: string | null } | null;
  title: Inline[] | null;
  url: string | null;
  description: Block[] | null;
  fields: Array<{ name: Inline[]; value: Block[]; inline: boolean }>;
  image: string | null;
  thumbnail: string | null;
  footer: string | null;
  timestamp: string | null;
}

export interface ButtonView {
  label: string;
  customId: string;
  style: number;
  disabled: boolean;
}

export interface MessageView {
  id: string;
  channelId: string;
  author: string;
  bot: boolean;
  createdAt: number;
  edited: boolean;
  deleted: boolean;
  ephemeral: boolean;
  /** "thinking…": a deferred answer not yet filled in. */
  loading: boolean;
  /** Who ran which command, for answers to commands. */
  command: { user: string; name: string } | null;
  content: Block[];
  embeds: EmbedView[];
  buttons: ButtonView[][];
  /** Roles and users this message actually notified. */
  pinged: string[];
}

type Obj = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const obj = (value: unknown): Obj => (value && typeof value === 'object' ? (value as Obj) : {});
const LOADING = 1 << 7;

function embedView(raw: Obj, names: Names): EmbedView {
  const author = obj(raw.author);
  const footer = obj(raw.footer);
  const fields = Array.isArray(raw.fields) ? raw.fields.map(obj) : [];
  const color = typeof raw.color === 'number' ? `#${raw.color.toString(16).padStart(6, '0')}` : null;
  const title = str(raw.title);
  const description = str(raw.description);
  return {
    color,
    author: str(author.name) ? { name: str(author.name)!, url: safeHref(String(author.url ?? '')) ?? null } : null,
    title: title ? parseInline(title, names) : null,
    url: safeHref(String(raw.url ?? '')) ?? null,
    description: description ? parseMarkdown(description, names) : null,
    fields: fields.map((field) => ({ name: parseInline(String(field.name ?? ''), names), value: parseMarkdown(String(field.value ?? ''), names), inline: field.inline === true })),
    image: safeHref(String(obj(raw.image).url ?? '')) ?? null,
    thumbnail: safeHref(String(obj(raw.thumbnail).url ?? '')) ?? null,
    footer: str(footer.text),
    timestamp: str(raw.timestamp),
  };
}

/** Whether the message began as a deferral's "thinking…" placeholder. */
function deferredFirst(message: StoredMessage): boolean {
  const first = message.revisions[0];
  return first !== undefined && Object.keys(first.body).every((key) => key === 'flags');
}

export function messageView(message: StoredMessage, names: Names & { self: string }): MessageView {
  const rows = message.components.map((row) => (Array.isArray(row.components) ? row.components.map(obj) : []));
  return {
    id: message.id,
    channelId: message.channelId,
    author: names.user(message.authorId) ?? 'unknown',
    bot: message.authorId === names.self,
    createdAt: message.createdAt,
    // Filling in a deferred answer is not an edit in Discord's eyes; later changes are.
    edited: message.editedAt !== null && !(deferredFirst(message) && message.revisions.length <= 2),
    deleted: message.deleted,
    ephemeral: message.ephemeral,
    loading: (message.flags & LOADING) !== 0,
    command: message.interaction?.name ? { user: names.user(message.interaction.userId) ?? 'someone', name: message.interaction.name } : null,
    content: parseMarkdown(message.content, names),
    embeds: message.embeds.map((embed) => embedView(embed, names)),
    buttons: rows.map((row) =>
      row.filter((c) => c.type === 2).map((c) => ({ label: String(c.label ?? ''), customId: String(c.custom_id ?? ''), style: Number(c.style ?? 2), disabled: c.disabled === true })),
    ),
    pinged: [...message.pinged.roles.map((id) => `@${names.role(id) ?? id}`), ...message.pinged.users.map((id) => `@${names.user(id) ?? id}`), ...(message.pinged.everyone ? ['@everyone'] : [])],
  };
}
