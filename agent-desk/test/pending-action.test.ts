import { describe, expect, it } from 'vitest';
import '@turnero/app-kit/testing/runes';
import { refused } from '@turnero/protocol';
import { translate } from '@turnero/app-kit/translate';
import type { DeskI18n } from '../renderer/shared/i18n.ts';
import { en } from '../renderer/shared/strings-en.ts';
import { es } from '../renderer/shared/strings-es.ts';
import { PendingAction } from '../renderer/supervisor/board/pending-action.svelte.ts';

const i18n = { lang: 'es', t: (key: keyof typeof es, params?: Record<string, string | number>) => translate({ es, en }, 'es', key, params) } as unknown as DeskI18n;

describe('a board dialog’s request', () => {
  it('is busy while out, one at a time; accepted is true; a refusal is said in the console’s words and a retry clears it', async () => {
    const action = new PendingAction(() => i18n);
    let answer!: (v: unknown) => void;
    const first = action.run(() => new Promise((r) => (answer = r)));
    expect(action.busy).toBe(true);
    await expect(action.run(() => Promise.resolve())).resolves.toBe(false); // a second click while the first is out
    answer({});
    await expect(first).resolves.toBe(true);
    expect([action.busy, action.error]).toEqual([false, null]);

    await expect(action.run(() => Promise.reject(refused({ reason: 'holder_changed', holder: 'Carlos Gómez' }, 'held')))).resolves.toBe(false);
    expect(action.error).toBe('Ahora Carlos Gómez ocupa este módulo: no se liberó nada.');
    expect(action.busy).toBe(false);
    await expect(action.run(() => Promise.resolve())).resolves.toBe(true);
    expect(action.error).toBeNull();
  });
});
