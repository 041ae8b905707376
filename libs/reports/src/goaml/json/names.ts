/** goAML element names in the JSON form: snake_case becomes camelCase (t_from_my_client -> tFromMyClient). */
// goAML has a few hundred element names; converting them once each keeps regexes off the hot path.
const camelCache = new Map<string, string>();

export function camelName(name: string): string {
  let camel = camelCache.get(name);
  if (camel === undefined) {
    camel = name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    if (camelCache.size < 10_000) camelCache.set(name, camel);
  }
  return camel;
}

/** The reverse of camelName for goAML's lower-case names. */
export function snakeName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
