/**
 * Writing a user's name as a key of a plain object. `obj[key] = value` with key `__proto__` does not
 * add a key: it calls Object.prototype's `__proto__` setter and changes the object's prototype (or
 * does nothing for a non-object value), so a Python keyword argument or a config key named
 * `__proto__` would vanish or make other keys appear. Reads of such tables go through `getOwn`
 * for the same reason (`constructor`, `toString`, ... are found on the prototype).
 */

/** `table[key]` when the key is the table's own, else undefined (never a member of Object.prototype). */
export function getOwn<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Sets `table[key] = value` as an own, enumerable data property, whatever the key. */
export function setOwn<T>(table: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(table, key, { value, writable: true, enumerable: true, configurable: true });
}
