/** goAML element names in the JSON form: snake_case becomes camelCase (t_from_my_client -> tFromMyClient). */
export function camelName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The reverse of camelName for goAML's lower-case names. */
export function snakeName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
