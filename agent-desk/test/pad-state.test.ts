import { afterEach, describe, expect, it } from 'vitest';
import '@turnero/app-kit/testing/runes';
import type { Lang } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import { createSocket, pairDevice, signIn, until } from '@turnero/hub/testing';
import { PadState } from '../renderer/pad/pad-state.svelte.ts';
import { issue, startOffice, type Office } from './e2e/desk-harness.ts';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A real office, agente1 at modulo-1, and modulo-1's on-screen pad (paired, online) speaking `language`. */
async function padAtCounter(opts: { timeoutMs?: number } = {}): Promise<{ pad: PadState; language: { lang: Lang }; agent: HubClient; office: Office }> {
  const office = await startOffice();
  closers.push(() => office.close());
  const token = await pairDevice(office.t.hub.wsUrl, 'keypad_station', 'Tableta módulo 1', 'modulo-1');
  const language: { lang: Lang } = { lang: 'es' };
  const pad = new PadState({
    url: office.t.hub.wsUrl,
    tokens: { get: () => token, set: () => {}, clear: () => {} },
    createSocket,
    thanksMs: 50,
    ...opts,
    language,
  });
  closers.push(pad.start());
  const { client: agent } = await signIn(office.t.hub.wsUrl, 'agente1');
  closers.push(() => agent.stop());
  await agent.request('open_counter', { counterId: 'modulo-1' });
  await until(() => pad.model !== null, 5000, 'the pad knows its counter');
  return { pad, language, agent, office };
}

/** The agent calls, serves and finishes the next customer; the pad asks them. */
async function serveNext(agent: HubClient, office: Office, pad: PadState): Promise<string> {
  const issued = await issue(office, 'facturacion');
  const { ticket } = await agent.request('call_next', {});
  expect(ticket.id).toBe(issued.id);
  await agent.request('start_service', { ticketId: ticket.id });
  await agent.request('finish_service', { ticketId: ticket.id });
  await until(() => pad.model?.asking?.ticketId === ticket.id, 5000, `the pad asks about ${ticket.number}`);
  return ticket.id;
}

describe('the on-screen pad’s language: each customer’s own', () => {
  it('a customer switches to English and rates; the thanks stays in English, the next customer’s pad is Spanish', async () => {
    const { pad, language, agent, office } = await padAtCounter();
    await serveNext(agent, office, pad);
    language.lang = 'en';
    await pad.rate(8);
    expect(pad.phase).toBe('thanks');
    expect(language.lang).toBe('en');
    await until(() => pad.phase === 'idle', 5000, 'the thanks ends');
    expect(language.lang).toBe('es');
    await serveNext(agent, office, pad);
    expect(pad.phase).toBe('asking');
    expect(language.lang).toBe('es');
  });

  it('a question left unanswered ends in Spanish too', async () => {
    const { pad, language, agent, office } = await padAtCounter({ timeoutMs: 100 });
    await serveNext(agent, office, pad);
    language.lang = 'en';
    await until(() => pad.phase === 'idle', 5000, 'the question times out');
    expect(language.lang).toBe('es');
  });

  it('the next customer’s question replacing an unanswered one starts in Spanish; a choice made while the pad is idle is kept', async () => {
    const { pad, language, agent, office } = await padAtCounter();
    await serveNext(agent, office, pad);
    language.lang = 'en';
    await serveNext(agent, office, pad);
    expect(language.lang).toBe('es');
    await pad.rate(9);
    await until(() => pad.phase === 'idle', 5000, 'the thanks ends');
    language.lang = 'en';
    await serveNext(agent, office, pad);
    expect(language.lang).toBe('en');
  });
});
