// Embed validation with Discord's limits (code points) and error codes; returns embeds the way
// Discord stores them (type "rich", inline defaults, normalized timestamp).
import { codePoints, type FormErrors, lengthError, requiredError } from './errors.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkUrl(errors: FormErrors, path: Path, value: unknown, schemes: string[] = ['http', 'https']): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') return errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    errors.add(path, 'URL_TYPE_INVALID_SCHEME', `Scheme "${scheme}" is not supported. Scheme must be one of (${schemes.map((s) => `'${s}'`).join(', ')}).`);
  } else if (codePoints(value) > 2048) {
    errors.add(path, ...lengthError(2048));
  }
}

/** Checks an optional string field; returns its code-point length (0 when absent). */
export function checkText(errors: FormErrors, path: Path, value: unknown, max: number, required = false): number {
  if (value === undefined || value === null) {
    if (required) errors.add(path, ...requiredError);
    return 0;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'This field must be a string.');
    return 0;
  }
  const len = codePoints(value);
  if (required && value.trim() === '') errors.add(path, ...requiredError);
  else if (len > max) errors.add(path, ...lengthError(max));
  return len;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validateEmbed(errors: FormErrors, path: Path, embed: unknown): { size: number; out: Obj } {
  if (!isObj(embed)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return { size: 0, out: {} };
  }
  let size = checkText(errors, [...path, 'title'], embed.title, 256);
  size += checkText(errors, [...path, 'description'], embed.description, 4096);
  checkUrl(errors, [...path, 'url'], embed.url);
  const out: Obj = { ...embed, type: 'rich' };
  if (embed.color !== undefined && embed.color !== null) {
    const c = embed.color;
    if (typeof c !== 'number' || !Number.isInteger(c)) errors.add([...path, 'color'], 'NUMBER_TYPE_COERCE', `Value "${String(c)}" is not int.`);
    else if (c < 0) errors.add([...path, 'color'], 'NUMBER_TYPE_MIN', 'int value should be greater than or equal to 0.');
    else if (c > 0xffffff) errors.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
  }
  if (embed.timestamp !== undefined && embed.timestamp !== null) {
    const t = embed.timestamp;
    if (typeof t !== 'string' || !ISO_8601.test(t) || Number.isNaN(Date.parse(t))) {
      errors.add([...path, 'timestamp'], 'DATE_TIME_TYPE_PARSE', `Could not parse ${String(t)}. Should be ISO8601.`);
    } else {
      out.timestamp = new Date(t).toISOString().replace('Z', '+00:00');
    }
  }
  if (embed.fields !== undefined && embed.fields !== null) {
    if (!Array.isArray(embed.fields)) errors.add([...path, 'fields'], 'BASE_TYPE_ARRAY', 'This field must be an array.');
    else {
      if (embed.fields.length > 25) errors.add([...path, 'fields'], ...lengthError(25));
      out.fields = embed.fields.map((f: unknown, i) => {
        const fp = [...path, 'fields', i];
        if (!isObj(f)) {
          errors.add(fp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
          return f;
        }
        size += checkText(errors, [...fp, 'name'], f.name, 256, true);
        size += checkText(errors, [...fp, 'value'], f.value, 1024, true);
        if (f.inline !== undefined && f.inline !== null && typeof f.inline !== 'boolean') {
          errors.add([...fp, 'inline'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
        }
        return { name: f.name, value: f.value, inline: f.inline ?? false };
      });
    }
  }
  if (embed.footer !== undefined && embed.footer !== null) {
    const fp = [...path, 'footer'];
    if (!isObj(embed.footer)) errors.add(fp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    else {
      size += checkText(errors, [...fp, 'text'], embed.footer.text, 2048, true);
      checkUrl(errors, [...fp, 'icon_url'], embed.footer.icon_url, ['http', 'https', 'attachment']);
    }
  }
  if (embed.author !== undefined && embed.author !== null) {
    const ap = [...path, 'author'];
    if (!isObj(embed.author)) errors.add(ap, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    else {
      size += checkText(errors, [...ap, 'name'], embed.author.name, 256, true);
      checkUrl(errors, [...ap, 'url'], embed.author.url);
      checkUrl(errors, [...ap, 'icon_url'], embed.author.icon_url, ['http', 'https', 'attachment']);
    }
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = embed[key];
    if (media === undefined || media === null) continue;
    if (!isObj(media)) errors.add([...path, key], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    else if (media.url === undefined || media.url === null) errors.add([...path, key, 'url'], ...requiredError);
    else checkUrl(errors, [...path, key, 'url'], media.url, ['http', 'https', 'attachment']);
  }
  return { size, out };
}

export function validateEmbeds(errors: FormErrors, path: Path, embeds: unknown): Obj[] | undefined {
  if (embeds === undefined) return undefined;
  if (embeds === null) return [];
  if (!Array.isArray(embeds)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'This field must be an array.');
    return undefined;
  }
  if (embeds.length > 10) errors.add(path, ...lengthError(10));
  let total = 0;
  const out = embeds.map((e, i) => {
    const r = validateEmbed(errors, [...path, i], e);
    total += r.size;
    return r.out;
  });
  if (total > 6000) errors.add(path, 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  return out;
}
