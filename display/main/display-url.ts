/**
 * The page the display window opens: the hub's /display/, with `--lang=en` and `--voice=recorded`
 * from the command line passed on as `?lang=en&voice=recorded` (the only options a display has).
 */
export function displayUrl(hubUrl: string, argv: readonly string[]): string {
  const url = new URL('/display/', hubUrl);
  const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (option('lang') === 'en') url.searchParams.set('lang', 'en');
  if (option('voice') === 'recorded') url.searchParams.set('voice', 'recorded');
  return url.toString();
}
