import type { Service } from '@turnero/protocol';

/** A new service's starting values: the next order, a free prefix when one is left. */
export function blankService(services: readonly Service[], groupId: string | null): Service {
  const used = new Set(services.filter((s) => s.active).map((s) => s.prefix));
  const prefix = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((c) => !used.has(c)) ?? 'A';
  return {
    id: '',
    groupId,
    prefix,
    name: { es: '', en: '' },
    icon: 'people',
    mode: 'in_person',
    targetWaitMinutes: 15,
    defaultServiceMinutes: 5,
    active: true,
    order: Math.max(0, ...services.map((s) => s.order)) + 1,
  };
}

/**
 * The hub's schema limits as HTML `pattern`s (matched whole; NOTE: browsers read them in `v` mode,
 * where a `-` in a class is escaped): an id (protocol `Id`), a username (`upsert_user`).
 */
export const ID_PATTERN = '[A-Za-z0-9_.:\\-]{1,64}';
export const USERNAME_PATTERN = '[a-z0-9._\\-]{3,40}';

/** A new counter's starting id and name: the first `modulo-N` no counter has (a count would land on one after a gap). */
export function nextCounter(counters: readonly { id: string }[]): { id: string; name: string } {
  const used = new Set(counters.map((c) => c.id));
  let n = 1;
  while (used.has(`modulo-${n}`)) n++;
  return { id: `modulo-${n}`, name: `Módulo ${n}` };
}

/** Whether a new entry's id is one the list already has: saving it would overwrite that one (the hub's upsert takes it as an edit). */
export function idTaken(list: readonly { id: string }[], id: string): boolean {
  return list.some((x) => x.id === id);
}

/**
 * Whether the entry a form opened on has changed in `list` since (or is gone): saving the form would put
 * back what it was, over a change its author never saw. `fields`: what the form edits of it.
 */
export function changedSince<T extends { id: string }>(list: readonly T[], opened: T, fields: (x: T) => unknown = (x) => x): boolean {
  const now = list.find((x) => x.id === opened.id);
  return !now || !sameValue(fields(now), fields(opened));
}

/** Deep equality of plain data (key order aside). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && sameValue(x[k], y[k]));
}

/** Moves the item at `index` one place up (towards higher priority). */
export function moveUp<T>(list: readonly T[], index: number): T[] {
  if (index <= 0 || index >= list.length) return [...list];
  const next = [...list];
  [next[index - 1], next[index]] = [next[index]!, next[index - 1]!];
  return next;
}

/** An id from a name: lowercase ASCII letters, digits and dashes. */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/**
 * What an audit row changed, as people know it: a user's display name, a service's, group's or
 * counter's name in `lang`, the office's name for its rules, else the id the hub recorded (a user id
 * means nothing to a supervisor).
 */
export function auditTargetName(target: string, after: unknown, lang: 'es' | 'en', office: { id: string; name: string } | null = null): string {
  const recorded = office && target === office.id ? office.name : target;
  if (typeof after !== 'object' || after === null) return recorded;
  const a = after as { displayName?: unknown; name?: unknown };
  if (typeof a.displayName === 'string' && a.displayName) return a.displayName;
  if (typeof a.name === 'string' && a.name) return a.name;
  if (typeof a.name === 'object' && a.name !== null) {
    const n = (a.name as Record<string, unknown>)[lang];
    if (typeof n === 'string' && n) return n;
  }
  return recorded;
}
