// Lays out the sandbox's messages the way Discord does. Every piece of text goes in through
// textContent and every link through a checked href: the server sends parsed markdown trees, never HTML.

/** @param {string} tag @param {string} [className] @param {string} [text] */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Web addresses only (the server checked too). */
function safeUrl(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function link(href, className) {
  const a = el('a', className);
  const url = safeUrl(href);
  if (url) {
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
  }
  return a;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const STYLES = {
  t: { timeStyle: 'short' },
  T: { timeStyle: 'medium' },
  d: { dateStyle: 'short' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
};

/** Discord's <t:…> styles, in the reader's own zone and language, as Discord shows them. */
export function formatTime(unix, style) {
  const date = new Date(unix * 1000);
  if (style === 'R') {
    const seconds = Math.round((date.getTime() - Date.now()) / 1000);
    const units = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
    const [unit, size] = units.find(([, length]) => Math.abs(seconds) >= length) ?? ['second', 1];
    return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
  }
  return new Intl.DateTimeFormat(undefined, STYLES[style] ?? STYLES.f).format(date);
}

const WRAPPERS = { b: 'strong', i: 'em', u: 'u', s: 's' };

/** Appends inline markdown nodes to `parent`. */
export function renderInline(nodes, parent) {
  for (const node of nodes) {
    if (node.t === 'text') parent.append(document.createTextNode(node.v));
    else if (node.t === 'br') parent.append(el('br'));
    else if (node.t === 'code') parent.append(el('code', 'inline-code', node.v));
    else if (node.t === 'mention') parent.append(el('span', `mention mention-${node.kind}`, node.kind === 'channel' ? `#${node.name}` : `@${node.name}`));
    else if (node.t === 'time') {
      const time = el('time', 'timestamp', formatTime(node.unix, node.style));
      time.title = dateTime.format(new Date(node.unix * 1000));
      parent.append(time);
    } else if (node.t === 'link') {
      const a = link(node.href, 'md-link');
      renderInline(node.c, a);
      parent.append(a);
    } else if (node.t === 'spoiler') {
      const spoiler = el('span', 'spoiler');
      spoiler.addEventListener('click', () => spoiler.classList.add('revealed'));
      renderInline(node.c, spoiler);
      parent.append(spoiler);
    } else if (WRAPPERS[node.t]) {
      const wrapper = el(WRAPPERS[node.t]);
      renderInline(node.c, wrapper);
      parent.append(wrapper);
    }
  }
  return parent;
}

/** Appends block markdown (paragraphs, headings, lists, quotes, code blocks) to `parent`. */
export function renderBlocks(blocks, parent) {
  for (const block of blocks) {
    if (block.t === 'p') parent.append(renderInline(block.c, el('div', 'md-p')));
    else if (block.t === 'h') parent.append(renderInline(block.c, el(`h${block.level + 2}`, 'md-h')));
    else if (block.t === 'sub') parent.append(renderInline(block.c, el('div', 'md-sub')));
    else if (block.t === 'li') {
      const item = el('div', 'md-li');
      item.append(el('span', 'md-bullet', block.ordered ? `${block.ordered}.` : '•'));
      parent.append(item);
      renderInline(block.c, item.appendChild(el('span')));
    } else if (block.t === 'quote') parent.append(renderBlocks(block.c, el('blockquote', 'md-quote')));
    else if (block.t === 'codeblock') parent.append(el('pre', 'md-code', block.v));
  }
  return parent;
}

function image(url, className) {
  const img = el('img', className);
  img.alt = '';
  img.referrerPolicy = 'no-referrer';
  img.loading = 'lazy';
  // An image that cannot load shows where it would have come from, not a broken icon.
  img.addEventListener('error', () => img.replaceWith(el('div', `${className} image-missing`, `image: ${url}`)));
  img.src = url;
  return img;
}

export function renderEmbed(embed) {
  const box = el('article', 'embed');
  if (embed.color) box.style.borderLeftColor = embed.color;
  const body = box.appendChild(el('div', 'embed-body'));
  if (embed.thumbnail) box.append(image(embed.thumbnail, 'embed-thumbnail'));
  if (embed.author) {
    const author = embed.author.url ? link(embed.author.url, 'embed-author') : el('div', 'embed-author');
    author.textContent = embed.author.name;
    body.append(author);
  }
  if (embed.title) body.append(renderInline(embed.title, embed.url ? link(embed.url, 'embed-title linked') : el('div', 'embed-title')));
  if (embed.description) body.append(renderBlocks(embed.description, el('div', 'embed-description')));
  if (embed.fields.length) {
    const fields = body.appendChild(el('div', 'embed-fields'));
    for (const field of embed.fields) {
      const cell = fields.appendChild(el('div', field.inline ? 'embed-field inline' : 'embed-field'));
      cell.append(renderInline(field.name, el('div', 'embed-field-name')), renderBlocks(field.value, el('div', 'embed-field-value')));
    }
  }
  if (embed.image) body.append(image(embed.image, 'embed-image'));
  const footer = [embed.footer, embed.timestamp ? dateTime.format(new Date(embed.timestamp)) : null].filter(Boolean).join(' • ');
  if (footer) body.append(el('div', 'embed-footer', footer));
  return box;
}

const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger' };

/** One message, with `onPress(view, button)` called when one of its buttons is clicked. */
export function renderMessage(view, onPress) {
  const item = el('li', `message${view.ephemeral ? ' ephemeral' : ''}`);
  item.dataset.messageId = view.id;
  if (view.command) item.append(el('div', 'message-command', `@${view.command.user} used /${view.command.name}`));
  const avatar = item.appendChild(el('div', 'avatar', view.author.slice(0, 1).toUpperCase()));
  avatar.setAttribute('aria-hidden', 'true');
  const main = item.appendChild(el('div', 'message-main'));
  const header = main.appendChild(el('div', 'message-header'));
  header.append(el('span', 'author', view.author));
  if (view.bot) header.append(el('span', 'bot-tag', 'APP'));
  header.append(el('time', 'message-time', dateTime.format(new Date(view.createdAt))));
  if (view.loading) main.append(el('div', 'thinking', `${view.author} is thinking…`));
  if (view.content.length) main.append(renderBlocks(view.content, el('div', 'message-content')));
  if (view.edited) main.append(el('span', 'edited', '(edited)'));
  for (const embed of view.embeds) main.append(renderEmbed(embed));
  for (const row of view.buttons) {
    const bar = main.appendChild(el('div', 'button-row'));
    for (const button of row) {
      const node = bar.appendChild(el('button', `button ${BUTTON_STYLES[button.style] ?? 'secondary'}`, button.label));
      node.type = 'button';
      node.disabled = button.disabled;
      node.addEventListener('click', () => onPress(view, button));
    }
  }
  if (view.pinged.length) main.append(el('div', 'pinged', `Notified ${view.pinged.join(', ')}`));
  if (view.ephemeral) main.append(el('div', 'ephemeral-note', 'Only you can see this'));
  return item;
}
