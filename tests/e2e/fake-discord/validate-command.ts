// Application command validation as Discord applies it on create / bulk overwrite: naming rules,
// option structure (subcommands vs values), required-before-optional, choices, ranges and size.
import { codePoints, FormErrors, lengthError, requiredError } from './errors.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
// Discord's documented pattern for chat-input command and option names.
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const LOCALES = new Set(['id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl', 'pt-BR', 'ro', 'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko']);
const CHANNEL_TYPES = new Set([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16]);
const VALUE_TYPES = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]);

function checkName(errors: FormErrors, path: Path, name: unknown, chatInput: boolean): number {
  if (typeof name !== 'string') {
    errors.add(path, ...requiredError);
    return 0;
  }
  const len = codePoints(name);
  if (len < 1 || len > 32) errors.add(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  else if (chatInput && (!NAME.test(name) || name !== name.toLowerCase())) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid: ${name}`);
  }
  return len;
}

function checkDescription(errors: FormErrors, path: Path, d: unknown): number {
  if (typeof d !== 'string' || d.length === 0) {
    errors.add(path, ...requiredError);
    return 0;
  }
  const len = codePoints(d);
  if (len > 100) errors.add(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  return len;
}

function checkLocalizations(errors: FormErrors, path: Path, value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  if (!isObj(value)) return errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  for (const [locale, text] of Object.entries(value)) {
    if (!LOCALES.has(locale)) errors.add([...path, locale], 'BASE_TYPE_CHOICES', `Value "${locale}" is not a valid enum value.`);
    else if (typeof text !== 'string' || codePoints(text) < 1 || codePoints(text) > max) {
      errors.add([...path, locale], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${max} in length.`);
    }
  }
}

function checkChoices(errors: FormErrors, path: Path, o: Obj): number {
  if (o.choices === undefined || o.choices === null) return 0;
  if (![3, 4, 10].includes(o.type as number)) {
    errors.add([...path, 'choices'], 'APPLICATION_COMMAND_OPTION_CHOICES_INVALID_TYPE', 'Choices are only allowed on string, integer and number options.');
    return 0;
  }
  if (!Array.isArray(o.choices)) {
    errors.add([...path, 'choices'], 'BASE_TYPE_ARRAY', 'This field must be an array.');
    return 0;
  }
  if (o.choices.length > 25) errors.add([...path, 'choices'], ...lengthError(25));
  if (o.autocomplete === true && o.choices.length > 0) {
    errors.add([...path, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE', 'Autocomplete cannot be set with choices.');
  }
  let size = 0;
  o.choices.forEach((c: unknown, i) => {
    const cp = [...path, 'choices', i];
    if (!isObj(c)) return errors.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    if (typeof c.name !== 'string' || codePoints(c.name) < 1 || codePoints(c.name) > 100) {
      errors.add([...cp, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    } else size += codePoints(c.name);
    checkLocalizations(errors, [...cp, 'name_localizations'], c.name_localizations, 100);
    size += checkChoiceValue(errors, [...cp, 'value'], o.type as number, c.value);
  });
  return size;
}

/** Value of a choice (command definition or autocomplete result) for an option type. */
export function checkChoiceValue(errors: FormErrors, path: Path, type: number, value: unknown): number {
  if (type === 3) {
    if (typeof value !== 'string' || codePoints(value) > 100) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be a string of 100 or fewer in length.');
    return typeof value === 'string' ? codePoints(value) : 0;
  }
  const ok = type === 4 ? Number.isSafeInteger(value) : typeof value === 'number' && Number.isFinite(value);
  if (!ok) errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not ${type === 4 ? 'int' : 'a number'}.`);
  return String(value).length;
}

function checkRanges(errors: FormErrors, path: Path, o: Obj): void {
  const numeric = o.type === 4 || o.type === 10;
  for (const key of ['min_value', 'max_value'] as const) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (!numeric) errors.add([...path, key], 'APPLICATION_COMMAND_OPTION_INVALID_PROPERTY', `${key} is only allowed on integer and number options.`);
    else if (typeof v !== 'number' || Math.abs(v) > 2 ** 53 || (o.type === 4 && !Number.isInteger(v))) {
      errors.add([...path, key], 'NUMBER_TYPE_COERCE', `Value "${String(v)}" is not valid.`);
    }
  }
  if (typeof o.min_value === 'number' && typeof o.max_value === 'number' && o.min_value > o.max_value) {
    errors.add([...path, 'min_value'], 'APPLICATION_COMMAND_OPTION_MIN_MAX', 'min_value must be less than or equal to max_value.');
  }
  for (const [key, min] of [['min_length', 0], ['max_length', 1]] as const) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (o.type !== 3) errors.add([...path, key], 'APPLICATION_COMMAND_OPTION_INVALID_PROPERTY', `${key} is only allowed on string options.`);
    else if (!Number.isInteger(v) || (v as number) < min || (v as number) > 6000) {
      errors.add([...path, key], 'NUMBER_TYPE_MAX', `int value should be between ${min} and 6000.`);
    }
  }
  if (typeof o.min_length === 'number' && typeof o.max_length === 'number' && o.min_length > o.max_length) {
    errors.add([...path, 'min_length'], 'APPLICATION_COMMAND_OPTION_MIN_MAX', 'min_length must be less than or equal to max_length.');
  }
  if (o.channel_types !== undefined && o.channel_types !== null) {
    if (o.type !== 7) errors.add([...path, 'channel_types'], 'APPLICATION_COMMAND_OPTION_INVALID_PROPERTY', 'channel_types is only allowed on channel options.');
    else if (!Array.isArray(o.channel_types)) errors.add([...path, 'channel_types'], 'BASE_TYPE_ARRAY', 'This field must be an array.');
    else o.channel_types.forEach((t: unknown, i) => {
      if (typeof t !== 'number' || !CHANNEL_TYPES.has(t)) errors.add([...path, 'channel_types', i], 'BASE_TYPE_CHOICES', `Value "${String(t)}" is not a valid enum value.`);
    });
  }
  if (o.autocomplete === true && ![3, 4, 10].includes(o.type as number)) {
    errors.add([...path, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_INVALID_PROPERTY', 'Autocomplete is only allowed on string, integer and number options.');
  }
}

/** Validates sibling options; `allowed` says what may appear at this level (command, group, subcommand). */
function checkOptions(errors: FormErrors, path: Path, options: unknown, allowed: 'any' | 'sub' | 'values'): number {
  if (options === undefined || options === null) return 0;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'This field must be an array.');
    return 0;
  }
  if (options.length > 25) errors.add(path, ...lengthError(25));
  const types = options.map((o: unknown) => (isObj(o) ? o.type : undefined));
  const structural = types.filter((t) => t === 1 || t === 2).length;
  if (structural > 0 && structural < options.length) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
  }
  let size = 0;
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((o: unknown, i) => {
    const op = [...path, i];
    if (!isObj(o)) return errors.add(op, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    const type = o.type;
    const validType = (type === 1 && allowed !== 'values') || (type === 2 && allowed === 'any') || (typeof type === 'number' && VALUE_TYPES.has(type) && allowed !== 'sub');
    if (!validType) errors.add([...op, 'type'], 'BASE_TYPE_CHOICES', `Option type ${String(type)} is not allowed here.`);
    size += checkName(errors, [...op, 'name'], o.name, true);
    if (typeof o.name === 'string') {
      if (names.has(o.name)) errors.add([...op, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', `Option name ${o.name} is already used in these options`);
      names.add(o.name);
    }
    size += checkDescription(errors, [...op, 'description'], o.description);
    checkLocalizations(errors, [...op, 'name_localizations'], o.name_localizations, 32);
    checkLocalizations(errors, [...op, 'description_localizations'], o.description_localizations, 100);
    if (type === 1 || type === 2) {
      if (type === 2 && (!Array.isArray(o.options) || o.options.length === 0)) errors.add([...op, 'options'], ...requiredError);
      size += checkOptions(errors, [...op, 'options'], o.options, type === 2 ? 'sub' : 'values');
      return;
    }
    if (o.required === true && sawOptional) {
      errors.add([...op, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    if (o.required !== true) sawOptional = true;
    size += checkChoices(errors, op, o);
    checkRanges(errors, op, o);
  });
  return size;
}

/** Validates one command definition; errors are reported under `path` (the index in a bulk PUT). */
export function checkCommand(errors: FormErrors, path: Path, cmd: unknown): void {
  if (!isObj(cmd)) return errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  const type = cmd.type ?? 1;
  if (type !== 1 && type !== 2 && type !== 3) return errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.');
  const chatInput = type === 1;
  let size = checkName(errors, [...path, 'name'], cmd.name, chatInput);
  if (chatInput) size += checkDescription(errors, [...path, 'description'], cmd.description);
  else if (typeof cmd.description === 'string' && cmd.description !== '') {
    errors.add([...path, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
  }
  checkLocalizations(errors, [...path, 'name_localizations'], cmd.name_localizations, 32);
  checkLocalizations(errors, [...path, 'description_localizations'], cmd.description_localizations, 100);
  if (!chatInput && Array.isArray(cmd.options) && cmd.options.length > 0) {
    errors.add([...path, 'options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
  } else {
    size += checkOptions(errors, [...path, 'options'], cmd.options, 'any');
  }
  const dmp = cmd.default_member_permissions;
  if (dmp !== undefined && dmp !== null && !(typeof dmp === 'string' ? /^\d{1,20}$/.test(dmp) : Number.isSafeInteger(dmp) && (dmp as number) >= 0)) {
    errors.add([...path, 'default_member_permissions'], 'NUMBER_TYPE_COERCE', `Value "${String(dmp)}" is not int.`);
  }
  for (const [key, valid] of [['contexts', [0, 1, 2]], ['integration_types', [0, 1]]] as const) {
    const v = cmd[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => !(valid as readonly unknown[]).includes(x))) {
      errors.add([...path, key], 'BASE_TYPE_CHOICES', `Value must be a non-empty list of {${valid.join(', ')}}.`);
    }
  }
  if (size > 8000) errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (8000)');
}
