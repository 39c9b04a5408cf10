// Validates a message body (channel message, interaction callback data, webhook follow-up or an
// edit) against Discord's limits and shapes. Unknown keys are ignored, as Discord does.
import { ApiError, FormErrors, lengthError } from './errors.js';
import { validateComponents } from './validate-components.js';
import { checkText, validateEmbeds } from './validate-embeds.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

export type MessageContext = 'channel' | 'interaction' | 'webhook';

export interface UploadedFile {
  field: string;
  name: string;
  size: number;
  contentType: string;
}

export interface MessageFields {
  content?: string;
  embeds?: Obj[];
  components?: Obj[];
  /** Raw allowed_mentions as sent (undefined when omitted or null). */
  allowed_mentions?: Obj;
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  enforce_nonce?: boolean;
  attachments?: Obj[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const SNOWFLAKE = /^\d{17,20}$/;

const EPHEMERAL = 1 << 6;
const SUPPRESS_EMBEDS = 1 << 2;
const SUPPRESS_NOTIFICATIONS = 1 << 12;
const IS_COMPONENTS_V2 = 1 << 15;

function allowedFlags(context: MessageContext, mode: 'create' | 'edit'): number {
  // On edit only SUPPRESS_EMBEDS / IS_COMPONENTS_V2 change; EPHEMERAL and SUPPRESS_NOTIFICATIONS
  // are tolerated (libraries echo them) and ignored by the edit itself.
  if (mode === 'edit') return SUPPRESS_EMBEDS | IS_COMPONENTS_V2 | EPHEMERAL | SUPPRESS_NOTIFICATIONS;
  const base = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2;
  return context === 'channel' ? base : base | EPHEMERAL;
}

function validateAllowedMentions(errors: FormErrors, path: Path, am: unknown): Obj | undefined {
  if (am === undefined || am === null) return undefined;
  if (!isObj(am)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return undefined;
  }
  const parse = am.parse ?? [];
  if (!Array.isArray(parse)) errors.add([...path, 'parse'], 'BASE_TYPE_ARRAY', 'This field must be an array.');
  else {
    parse.forEach((p: unknown, i) => {
      if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
        errors.add([...path, 'parse', i], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
      }
    });
  }
  for (const key of ['users', 'roles'] as const) {
    const list = am[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      errors.add([...path, key], 'BASE_TYPE_ARRAY', 'This field must be an array.');
      continue;
    }
    if (list.length > 100) errors.add([...path, key], ...lengthError(100));
    list.forEach((id: unknown, i) => {
      if (typeof id !== 'string' || !SNOWFLAKE.test(id)) errors.add([...path, key, i], 'NUMBER_TYPE_COERCE', `Value "${String(id)}" is not snowflake.`);
    });
    if (Array.isArray(parse) && parse.includes(key) && list.length > 0) {
      errors.add(path, 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`);
    }
  }
  if (am.replied_user !== undefined && am.replied_user !== null && typeof am.replied_user !== 'boolean') {
    errors.add([...path, 'replied_user'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  }
  return am;
}

export function validateMessage(
  body: unknown,
  opts: { path?: Path; mode: 'create' | 'edit'; context: MessageContext; files?: UploadedFile[] },
): MessageFields {
  const path = opts.path ?? [];
  const errors = new FormErrors();
  if (!isObj(body)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    errors.throwIfAny();
    return {};
  }
  const out: MessageFields = {};
  if (body.content !== undefined) {
    if (body.content === null) out.content = '';
    else {
      checkText(errors, [...path, 'content'], body.content, 2000);
      if (typeof body.content === 'string') out.content = body.content;
    }
  }
  let flags = 0;
  if (body.flags !== undefined && body.flags !== null) {
    const f = body.flags;
    if (typeof f !== 'number' || !Number.isInteger(f) || f < 0) errors.add([...path, 'flags'], 'NUMBER_TYPE_COERCE', `Value "${String(f)}" is not int.`);
    else if (f & ~allowedFlags(opts.context, opts.mode)) {
      errors.add([...path, 'flags'], 'MESSAGE_FLAGS_INVALID', `Invalid flags for this message: ${f}`);
    } else {
      flags = f;
      out.flags = f;
    }
  }
  const embeds = validateEmbeds(errors, [...path, 'embeds'], body.embeds);
  if (embeds) out.embeds = embeds;
  const components = validateComponents(errors, [...path, 'components'], body.components, flags);
  if (components) out.components = components;
  const am = validateAllowedMentions(errors, [...path, 'allowed_mentions'], body.allowed_mentions);
  if (am) out.allowed_mentions = am;
  if (body.tts !== undefined && body.tts !== null) {
    if (typeof body.tts !== 'boolean') errors.add([...path, 'tts'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    else out.tts = body.tts;
  }
  if (opts.context === 'channel' && body.nonce !== undefined && body.nonce !== null) {
    const n = body.nonce;
    if (typeof n === 'string' && [...n].length <= 25) out.nonce = n;
    else if (typeof n === 'number' && Number.isSafeInteger(n)) out.nonce = n;
    else errors.add([...path, 'nonce'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  }
  if (body.enforce_nonce === true) out.enforce_nonce = true;
  if (body.attachments !== undefined && body.attachments !== null) {
    if (!Array.isArray(body.attachments)) errors.add([...path, 'attachments'], 'BASE_TYPE_ARRAY', 'This field must be an array.');
    else {
      if (body.attachments.length > 10) errors.add([...path, 'attachments'], ...lengthError(10));
      out.attachments = body.attachments.filter(isObj);
    }
  }
  if (body.poll !== undefined && body.poll !== null) {
    errors.add([...path, 'poll'], 'FAKE_DISCORD_UNSUPPORTED', 'fake-discord does not model polls.');
  }
  if ((opts.files?.length ?? 0) > 10) errors.add([...path, 'files'], ...lengthError(10));
  errors.throwIfAny();
  return out;
}

/** Discord refuses messages with nothing visible: 50006. */
export function assertNotEmpty(m: { content: string; embeds: unknown[]; components: unknown[]; attachments: unknown[] }): void {
  if (m.content.trim() === '' && m.embeds.length === 0 && m.components.length === 0 && m.attachments.length === 0) {
    throw new ApiError(400, 50006, 'Cannot send an empty message');
  }
}
