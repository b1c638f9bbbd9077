import type { DeskI18n, StringKey } from '../shared/i18n.ts';

/** A form field as the hub's schema names it (`details[].path` of INVALID_MESSAGE, relative to the payload), worded as the form labels it. */
const FIELDS: Partial<Record<string, StringKey>> = {
  username: 'sup.usr.username',
  displayName: 'sup.usr.name',
  role: 'sup.usr.role',
  password: 'sup.usr.password',
  name: 'sup.dev.name',
  'service.id': 'sup.svc.id',
  'service.prefix': 'sup.svc.prefix',
  'service.name.es': 'sup.svc.nameEs',
  'service.name.en': 'sup.svc.nameEn',
  'service.targetWaitMinutes': 'sup.svc.target',
  'service.groupId': 'sup.svc.group',
  'service.icon': 'sup.svc.icon',
  'group.id': 'sup.svc.id',
  'group.name.es': 'sup.svc.nameEs',
  'group.name.en': 'sup.svc.nameEn',
  'group.order': 'sup.grp.order',
  'group.icon': 'sup.svc.icon',
  'counter.id': 'sup.svc.id',
  'counter.name': 'sup.ctr.name',
  'counter.serviceIds': 'sup.ctr.services',
  'settings.fairness.preferential': 'sup.rules.preferential',
  'settings.fairness.normal': 'sup.rules.normal',
  'settings.fairness.maxWaitMinutes': 'sup.rules.maxWait',
  'settings.recallLimit': 'sup.rules.recallLimit',
  'settings.ratingThreshold': 'sup.rules.threshold',
  'settings.issueRatePerMinute': 'sup.rules.issueRate',
  'settings.displayMessage': 'sup.rules.displayMessage',
  preferentialClasses: 'sup.rules.classes',
  'preferentialClasses.*.id': 'sup.svc.id',
  'preferentialClasses.*.name.es': 'sup.svc.nameEs',
  'preferentialClasses.*.name.en': 'sup.svc.nameEn',
};

/** What the schema allows in a field whose label does not say it already. */
const RULES: Partial<Record<string, StringKey>> = {
  username: 'sup.field.usernameRule',
  'service.id': 'sup.field.idRule',
  'group.id': 'sup.field.idRule',
  'counter.id': 'sup.field.idRule',
  'preferentialClasses.*.id': 'sup.field.idRule',
};

/** The `path`s of a schema failure's details (the hub sends at most ten); none when they are not there. */
export function invalidPaths(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => (typeof d === 'object' && d !== null && typeof (d as { path?: unknown }).path === 'string' ? [(d as { path: string }).path] : []));
}

/** One field in the console's words: "Usuario (…)", "Clase preferencial 2: Identificador (…)"; a path this console does not know, as the hub wrote it. */
export function fieldLabel(i18n: DeskI18n, path: string): string {
  // An entry of a list (a counter's services, the preferential classes) is named by its list, the class also by its number.
  const general = path.replace(/\.\d+(?=\.|$)/g, '.*');
  const key = FIELDS[general] ?? FIELDS[general.replace(/\.\*$/, '')];
  if (!key) return path;
  const rule = RULES[general];
  const label = rule ? `${i18n.t(key)} (${i18n.t(rule)})` : i18n.t(key);
  const cls = /^preferentialClasses\.(\d+)\./.exec(path);
  return cls ? i18n.t('sup.field.class', { n: Number(cls[1]) + 1, field: label }) : label;
}

/** The fields a schema failure names, each once, in the console's words; empty when it names none. */
export function invalidFields(i18n: DeskI18n, details: unknown): string[] {
  return [...new Set(invalidPaths(details).map((p) => fieldLabel(i18n, p)))];
}
