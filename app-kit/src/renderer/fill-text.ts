/** A text with its `{name}` placeholders filled from `params`; a placeholder with no value stays as written. */
export function fillText(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
