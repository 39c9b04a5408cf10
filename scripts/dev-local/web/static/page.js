// The sandbox page: channel list, the selected channel's messages (kept live by the server's event
// stream) and an input that runs commands there, as the sandbox's admin.
import { el, renderMessage } from './render.js';

const state = { channels: [], messages: new Map(), channelId: null, guild: '', you: '' };
const $ = (selector) => document.querySelector(selector);
const list = $('#messages');
const input = $('#command');
const status = $('#status');

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

/** Short answers from the sandbox itself (help, refusals), shown like Discord's own notices. */
function showNotes(notes) {
  for (const text of notes) {
    const item = el('li', 'message ephemeral system-note');
    item.append(el('div', 'avatar', '!'));
    const main = item.appendChild(el('div', 'message-main'));
    main.append(el('pre', 'note-text', text), el('div', 'ephemeral-note', 'Only you can see this'));
    list.append(item);
  }
  scrollDown();
}

async function press(view, button) {
  status.textContent = `Pressing ${button.label}…`;
  try {
    showNotes((await post('/api/press', { messageId: view.id, customId: button.customId })).notes ?? []);
    status.textContent = '';
  } catch (error) {
    status.textContent = `Could not press ${button.label}: ${error.message}`;
  }
}

function scrollDown() {
  list.scrollTop = list.scrollHeight;
}

function renderChannels() {
  $('#guild-name').textContent = state.guild;
  const nav = $('#channels');
  nav.replaceChildren();
  for (const channel of state.channels) {
    const item = nav.appendChild(el('li'));
    const button = item.appendChild(el('button', channel.id === state.channelId ? 'channel selected' : 'channel', `# ${channel.name}`));
    button.type = 'button';
    if (channel.type === 5) button.append(el('span', 'channel-kind', 'announcement'));
    button.addEventListener('click', () => selectChannel(channel.id));
  }
  const current = state.channels.find((channel) => channel.id === state.channelId);
  $('#channel-name').textContent = current ? `# ${current.name}` : '';
  input.placeholder = current ? `Message #${current.name} — try /news latest, help` : '';
}

function renderMessages() {
  list.replaceChildren();
  const shown = [...state.messages.values()].filter((view) => view.channelId === state.channelId && !view.deleted).sort((a, b) => a.createdAt - b.createdAt || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  if (shown.length === 0) list.append(el('li', 'empty', 'No messages here yet.'));
  for (const view of shown) list.append(renderMessage(view, press));
  scrollDown();
}

function selectChannel(id) {
  state.channelId = id;
  renderChannels();
  renderMessages();
}

/** Puts a new or changed message in place without redrawing the channel. */
function upsert(view) {
  state.messages.set(view.id, view);
  if (view.channelId !== state.channelId) return;
  const existing = list.querySelector(`[data-message-id="${CSS.escape(view.id)}"]`);
  if (view.deleted) return existing?.remove();
  const node = renderMessage(view, press);
  if (existing) existing.replaceWith(node);
  else {
    list.querySelector('.empty')?.remove();
    list.append(node);
    scrollDown();
  }
}

function connect() {
  const events = new EventSource('/api/events');
  events.addEventListener('world', (event) => {
    const world = JSON.parse(event.data);
    Object.assign(state, { channels: world.channels, guild: world.guild, you: world.you });
    state.channelId ??= world.channelId;
    state.messages = new Map(world.messages.map((view) => [view.id, view]));
    $('#you').textContent = `@${world.you}`;
    document.body.dataset.ready = 'true';
    renderChannels();
    renderMessages();
  });
  events.addEventListener('message', (event) => upsert(JSON.parse(event.data)));
  events.addEventListener('error', () => {
    status.textContent = 'Lost the sandbox; is npm run dev:local still running? Retrying…';
  });
  events.addEventListener('open', () => {
    status.textContent = '';
  });
}

$('#composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const line = input.value.trim();
  if (!line) return;
  input.value = '';
  input.disabled = true;
  status.textContent = `Running ${line.split(' ').slice(0, 2).join(' ')}…`;
  try {
    const answer = await post('/api/run', { line, channelId: state.channelId });
    if (answer.channelId && answer.channelId !== state.channelId) selectChannel(answer.channelId);
    showNotes(answer.notes ?? []);
    status.textContent = '';
  } catch (error) {
    status.textContent = `That did not run: ${error.message}`;
  } finally {
    input.disabled = false;
    input.focus();
  }
});

connect();
