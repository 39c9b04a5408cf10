// What the sandbox page is sent for a message: names instead of ids, parsed markdown, only web links.
import { expect, it } from 'vitest';
import { messageView } from '../../../scripts/dev-local/web/view.js';
import type { StoredMessage } from '../../e2e/fake-discord/index.js';

const names = {
  self: '1',
  user: (id: string) => ({ '1': 'News Bot', '2': 'admin' })[id],
  role: (id: string) => (id === '3' ? 'subscribers' : undefined),
  channel: () => undefined,
};

const stored = (patch: Partial<StoredMessage>): StoredMessage => ({
  id: '10', channelId: '20', guildId: '30', authorId: '1', type: 20, content: '', embeds: [], components: [], attachments: [],
  flags: 64, tts: false, nonce: null, createdAt: 0, editedAt: null, deleted: false, ephemeral: true, webhookId: '1',
  interaction: { id: '40', type: 2, name: 'news', userId: '2' }, allowedMentions: { parse: [] },
  pinged: { everyone: false, roles: ['3'], users: [] }, pingable: { everyone: false, roles: [], users: [] }, revisions: [],
  ...patch,
});

it('lays out an embed with its colour, linked title, fields, footer and buttons, and names the pings', () => {
  const view = messageView(stored({
    embeds: [{
      color: 0x2f6fdf, title: 'Port **strike** ends', url: 'https://news.example.org/a', author: { name: 'Harbour Ledger', url: 'javascript:alert(1)' },
      description: 'Dock workers voted.', fields: [{ name: 'Where', value: 'Rotterdam', inline: true }], image: { url: 'file:///etc/passwd' },
      footer: { text: 'port · page 1 of 2' }, timestamp: '2026-10-14T08:30:00.000Z',
    }],
    components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Next', custom_id: 'read:port:2' }] }],
  }), names);
  expect(view).toMatchObject({ author: 'News Bot', bot: true, ephemeral: true, loading: false, command: { user: 'admin', name: 'news' }, pinged: ['@subscribers'] });
  expect(view.embeds[0]).toEqual({
    color: '#2f6fdf',
    author: { name: 'Harbour Ledger', url: null },
    title: [{ t: 'text', v: 'Port ' }, { t: 'b', c: [{ t: 'text', v: 'strike' }] }, { t: 'text', v: ' ends' }],
    url: 'https://news.example.org/a',
    description: [{ t: 'p', c: [{ t: 'text', v: 'Dock workers voted.' }] }],
    fields: [{ name: [{ t: 'text', v: 'Where' }], value: [{ t: 'p', c: [{ t: 'text', v: 'Rotterdam' }] }], inline: true }],
    image: null,
    thumbnail: null,
    footer: 'port · page 1 of 2',
    timestamp: '2026-10-14T08:30:00.000Z',
  });
  expect(view.buttons).toEqual([[{ label: 'Next', customId: 'read:port:2', style: 2, disabled: false }]]);
});

it('marks a deferred answer as still thinking, and not as edited once it is filled in', () => {
  const placeholder = { kind: 'create' as const, at: 0, body: { flags: 64 }, allowedMentions: undefined, pinged: { everyone: false, roles: [], users: [] }, pingable: { everyone: false, roles: [], users: [] } };
  expect(messageView(stored({ flags: 64 | 128, revisions: [placeholder] }), names).loading).toBe(true);
  const filled = stored({ content: 'Done.', editedAt: 5, revisions: [placeholder, { ...placeholder, kind: 'edit', body: { content: 'Done.' } }] });
  expect(messageView(filled, names)).toMatchObject({ loading: false, edited: false });
  expect(messageView({ ...filled, revisions: [...filled.revisions, filled.revisions[1]!] }, names).edited).toBe(true);
});
