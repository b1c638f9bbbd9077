/**
 * Upper halves (0x80–0xFF) of the code pages a printer selects with ESC t n.
 * Bytes below 0x80 are ASCII in all of them.
 */
const CP437 =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ' +
  'áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const CP850 =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒ' +
  'áíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀' +
  'ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

// PC858 is PC850 with the Euro sign in place of the dotless i.
const CP858 = CP850.slice(0, 0x55) + '€' + CP850.slice(0x56);

function tableFromDecoder(label: string): string {
  const bytes = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  return new TextDecoder(label).decode(bytes);
}

const tables = new Map<number, string>();

/** Code page names by ESC t n value, as Epson numbers them. */
export const CODE_PAGE_NAMES: Readonly<Record<number, string>> = {
  0: 'PC437',
  2: 'PC850',
  16: 'WPC1252',
  19: 'PC858',
  40: 'ISO8859-15',
};

function table(n: number): string {
  const cached = tables.get(n);
  if (cached) return cached;
  const built =
    n === 2 ? CP850 : n === 19 ? CP858 : n === 16 ? tableFromDecoder('windows-1252') : n === 40 ? tableFromDecoder('iso-8859-15') : CP437;
  tables.set(n, built);
  return built;
}

/**
 * The character a printer shows for `byte` under code page `n` (ESC t n).
 * Unknown code pages fall back to PC437, the power-on default.
 */
export function decodeCodePageByte(byte: number, n: number): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  return table(n)[byte - 0x80] ?? '?';
}
