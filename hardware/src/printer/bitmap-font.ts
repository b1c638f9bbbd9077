/**
 * A 5x7 bitmap font (with 2-row descenders) covering ASCII, Spanish letters and the
 * symbols on a ticket. Each glyph is one base-32 digit per row, top row first; bit 4
 * is the leftmost pixel. Accented letters are composed from a base letter and a mark.
 */
const GLYPHS: Readonly<Record<string, string>> = {
  ' ': '0000000', '!': '4444404', '"': 'aaa0000', '#': 'aavavaa', '$': '4fke5u4', '%': 'op248j3',
  '&': 'cik8lid', '\'': '4480000', '(': '2488842', ')': '8422248', '*': '04lel40', '+': '044v440',
  ',': '0000c48', '-': '000v000', '.': '00000cc', '/': '01248g0', '0': 'ehjlphe', '1': '4c4444e',
  '2': 'eh1248v', '3': 'v2421he', '4': '26aiv22', '5': 'vgu11he', '6': '68guhhe', '7': 'v124888',
  '8': 'ehhehhe', '9': 'ehhf12c', ':': '0cc0cc0', ';': '0cc0c48', '<': '248g842', '=': '00v0v00',
  '>': '8421248', '?': 'eh12404', '@': 'eh1dlle', 'A': 'ehhvhhh', 'B': 'uhhuhhu', 'C': 'ehggghe',
  'D': 'sihhhis', 'E': 'vgguggv', 'F': 'vgguggg', 'G': 'ehgnhhf', 'H': 'hhhvhhh', 'I': 'e44444e',
  'J': '72222ic', 'K': 'hikokih', 'L': 'ggggggv', 'M': 'hrllhhh', 'N': 'hhpljhh', 'O': 'ehhhhhe',
  'P': 'uhhuggg', 'Q': 'ehhhlid', 'R': 'uhhukih', 'S': 'fgge11u', 'T': 'v444444', 'U': 'hhhhhhe',
  'V': 'hhhhha4', 'W': 'hhhllla', 'X': 'hha4ahh', 'Y': 'hhha444', 'Z': 'v1248gv', '[': 'e88888e',
  '\\': '0g84210', ']': 'e22222e', '^': '4ah0000', '_': '000000v', '`': '8420000', 'a': '00e1fhf',
  'b': 'ggmphhu', 'c': '00egghe', 'd': '11djhhf', 'e': '00ehvge', 'f': '698s888', 'g': '00fhhjd1e',
  'h': 'ggmphhh', 'i': '40c444e', 'j': '2062222ic', 'k': 'ggikoki', 'l': 'c44444e', 'm': '00qllll',
  'n': '00mphhh', 'o': '00ehhhe', 'p': '00uhhpmgg', 'q': '00fhhjd11', 'r': '00mpggg', 's': '00fge1u',
  't': '88s8896', 'u': '00hhhjd', 'v': '00hhha4', 'w': '00hhlla', 'x': '00ha4ah', 'y': '00hhhjd1e',
  'z': '00v248v', '{': '2448442', '|': '4444444', '}': '8442448', '~': '008l200', '¡': '4044444',
  '¿': '4048ghe', 'ı': '00c444e', '°': 'ciic000', '·': '000cc00', 'ª': 'e1fhf0v', 'º': 'ehhhe0v',
  '€': '78u8u87', '¬': '000v100', '×': '0ha4ah0', '÷': '040v040', '±': '44v440v', '«': '05aka50',
  '»': '0ka5ak0', 'ß': 'ciikihm', '█': 'vvvvvvvvv',
};

// Two rows each, drawn above x-height (lowercase) or above cap height (capitals).
const MARKS: Readonly<Record<string, readonly [string, string]>> = {
  '\u0301': ['...#.', '..#..'],
  '\u0300': ['.#...', '..#..'],
  '\u0302': ['..#..', '.#.#.'],
  '\u0303': ['.##.#', '#.##.'],
  '\u0308': ['.....', '.#.#.'],
};

const CEDILLA = ['..#..', '.#...'] as const;

/** Glyph width in pixels, the cell it sits in, and where the cap height starts. */
export const GLYPH_WIDTH = 5;
export const CELL_WIDTH = 6;
export const CELL_HEIGHT = 12;
const TOP = 2;
const BODY = 9;

const rowBits = (pattern: string): number => parseInt(pattern.replace(/#/g, '1').replace(/\./g, '0'), 2);

function baseRows(ch: string): number[] | null {
  const code = GLYPHS[ch];
  if (code === undefined) return null;
  const rows = [...code].map((d) => parseInt(d, 32));
  while (rows.length < BODY) rows.push(0);
  return rows;
}

// A hollow box for characters the font does not have.
const MISSING = [0, 0, rowBits('#####'), rowBits('#...#'), rowBits('#...#'), rowBits('#...#'), rowBits('#...#'), rowBits('#...#'), rowBits('#####'), 0, 0];

const cache = new Map<string, readonly number[]>();

function compose(ch: string): number[] {
  const direct = baseRows(ch);
  if (direct) return [0, 0, ...direct];
  const [base = '', mark = ''] = [...ch.normalize('NFD')];
  if (mark === '\u0327') {
    const rows = baseRows(base);
    if (!rows) return MISSING;
    return [0, 0, ...rows.slice(0, 7), rowBits(CEDILLA[0]), rowBits(CEDILLA[1])];
  }
  const accent = MARKS[mark];
  const lower = base !== base.toUpperCase();
  const rows = baseRows(base === 'i' ? 'ı' : base);
  if (!accent || !rows) return MISSING;
  const cell = [0, 0, ...rows];
  const at = lower ? TOP : 0;
  cell[at] = (cell[at] ?? 0) | rowBits(accent[0]);
  cell[at + 1] = (cell[at + 1] ?? 0) | rowBits(accent[1]);
  return cell;
}

/** The 11 pixel rows (5 bits each) of a character: 2 accent rows, 7 body rows, 2 descender rows. */
export function glyphRows(ch: string): readonly number[] {
  let rows = cache.get(ch);
  if (!rows) {
    rows = compose(ch);
    cache.set(ch, rows);
  }
  return rows;
}

/** True when the font has a real glyph (not the missing box) for `ch`. */
export function hasGlyph(ch: string): boolean {
  return glyphRows(ch) !== MISSING;
}
