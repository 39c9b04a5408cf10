// Named parameters for pg, which only knows $1, $2: the catalog's queries share fragments (visibility,
// filters) whose parameters would otherwise have to be renumbered in every query that uses them.

/** Turns `$name` into `$n` (each name once, in order of first use) and lists the values to match. */
export function bind(text: string, params: Readonly<Record<string, unknown>>): { text: string; values: unknown[] } {
  const order = new Map<string, number>();
  const values: unknown[] = [];
  const bound = text.replace(/\$([a-zA-Z_]\w*)/g, (_, name: string) => {
    let index = order.get(name);
    if (index === undefined) {
      if (!(name in params)) throw new Error(`no value for the query parameter $${name}`);
      values.push(params[name]);
      order.set(name, (index = values.length));
    }
    return `$${index}`;
  });
  return { text: bound, values };
}
