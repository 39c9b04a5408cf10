// Message component validation: action rows holding buttons or one select menu, Discord's
// limits, and custom_id uniqueness. Components V2 layouts are not modelled (rejected loudly).
import { codePoints, type FormErrors, lengthError, requiredError } from './errors.js';
import { checkText, checkUrl } from './validate-embeds.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const SELECT_TYPES = [3, 5, 6, 7, 8];

function checkCustomId(errors: FormErrors, path: Path, value: unknown, seen: Set<string>): void {
  if (value === undefined || value === null) return errors.add(path, ...requiredError);
  if (typeof value !== 'string' || codePoints(value) < 1 || codePoints(value) > 100) {
    return errors.add(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  if (seen.has(value)) errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  seen.add(value);
}

function validateButton(errors: FormErrors, path: Path, b: Obj, seen: Set<string>): void {
  const style = b.style;
  if (typeof style !== 'number' || ![1, 2, 3, 4, 5].includes(style)) {
    // Style 6 (premium) needs an SKU, which this fake does not model.
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5}.');
    return;
  }
  checkText(errors, [...path, 'label'], b.label, 80);
  if ((b.label === undefined || b.label === null || b.label === '') && !b.emoji) {
    errors.add([...path, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or an emoji is required.');
  }
  if (style === 5) {
    if (b.custom_id !== undefined && b.custom_id !== null) {
      errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be set on a link button.');
    }
    if (typeof b.url !== 'string') errors.add([...path, 'url'], ...requiredError);
    else checkUrl(errors, [...path, 'url'], b.url, ['http', 'https', 'discord']);
  } else {
    if (b.url !== undefined && b.url !== null) {
      errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'A url can only be set on a link button.');
    }
    checkCustomId(errors, [...path, 'custom_id'], b.custom_id, seen);
  }
}

function validateSelect(errors: FormErrors, path: Path, s: Obj, seen: Set<string>): void {
  checkCustomId(errors, [...path, 'custom_id'], s.custom_id, seen);
  checkText(errors, [...path, 'placeholder'], s.placeholder, 150);
  for (const key of ['min_values', 'max_values'] as const) {
    const v = s[key];
    if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 25)) {
      errors.add([...path, key], 'NUMBER_TYPE_MAX', 'int value should be between 0 and 25.');
    }
  }
  if (s.type === 3) {
    const options = s.options;
    if (!Array.isArray(options) || options.length < 1 || options.length > 25) {
      errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
      return;
    }
    const values = new Set<string>();
    options.forEach((o: unknown, i) => {
      const op = [...path, 'options', i];
      if (!isObj(o)) return errors.add(op, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      checkText(errors, [...op, 'label'], o.label, 100, true);
      checkText(errors, [...op, 'value'], o.value, 100, true);
      checkText(errors, [...op, 'description'], o.description, 100);
      if (typeof o.value === 'string') {
        if (values.has(o.value)) errors.add([...op, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Option values must be unique');
        values.add(o.value);
      }
    });
  }
}

/** Validates `components` and returns them with the numeric `id`s Discord assigns. */
export function validateComponents(errors: FormErrors, path: Path, components: unknown, flags: number): Obj[] | undefined {
  if (components === undefined) return undefined;
  if (components === null) return [];
  if (!Array.isArray(components)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'This field must be an array.');
    return undefined;
  }
  if (flags & (1 << 15)) {
    errors.add(path, 'FAKE_DISCORD_UNSUPPORTED', 'fake-discord does not model Components V2 (IS_COMPONENTS_V2).');
    return undefined;
  }
  if (components.length > 5) errors.add(path, ...lengthError(5));
  const seen = new Set<string>();
  let nextId = 1;
  return components.map((row: unknown, r) => {
    const rp = [...path, r];
    if (!isObj(row) || row.type !== 1) {
      errors.add([...rp, 'type'], 'BASE_TYPE_CHOICES', 'Top-level components must be action rows (type 1).');
      return isObj(row) ? row : {};
    }
    const children = Array.isArray(row.components) ? row.components : [];
    if (children.length < 1 || children.length > 5) {
      errors.add([...rp, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    const rowId = typeof row.id === 'number' ? row.id : nextId++;
    const outChildren = children.map((c: unknown, i) => {
      const cp = [...rp, 'components', i];
      if (!isObj(c)) {
        errors.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        return c;
      }
      if (c.type === 2) validateButton(errors, cp, c, seen);
      else if (typeof c.type === 'number' && SELECT_TYPES.includes(c.type)) {
        if (children.length > 1) errors.add([...rp, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
        validateSelect(errors, cp, c, seen);
      } else errors.add([...cp, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {2, 3, 5, 6, 7, 8}.');
      return { ...c, id: typeof c.id === 'number' ? c.id : nextId++ };
    });
    return { type: 1, id: rowId, components: outChildren };
  });
}
