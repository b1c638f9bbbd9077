import '@turnero/app-kit/styles.css';
import './kiosk.css';
import { mount } from 'svelte';
import { adoptHashToken, I18n, localTokenStore } from '@turnero/app-kit/renderer';
import type { KioskBridge } from '../main/ipc-channels.ts';
import App from './App.svelte';
import { kioskConnection } from './lib/kiosk-connection.ts';
import { newIdempotencyKey } from './lib/idempotency-key.ts';
import { KioskFlow } from './lib/kiosk-flow.svelte.ts';
import { storageJournal } from './lib/ticket-journal.ts';
import { messages } from './lib/messages.ts';
import { BridgePrinting, choosePrinting } from './lib/printing.ts';
import { boothPrinting, createBooth, isBoothMode } from './booth/booth-setup.ts';

const TOKEN_KEY = 'turnero.kiosk.token';
/** How long a ticket request keeps retrying (same idempotency key) across a drop before the customer is told. */
const REQUEST_DEADLINE_MS = 20_000;
const HEALTH_REPORT_MS = 60_000;

const tokens = localTokenStore(TOKEN_KEY);
adoptHashToken(tokens);
const connection = kioskConnection(window, tokens);
const i18n = new I18n(messages, 'es');
const bridge = (window as Window & { turneroKiosk?: KioskBridge }).turneroKiosk;
// NOTE: a video booth (`?mode=booth`) takes video tickets only, prints nothing, and holds the call.
const booth = isBoothMode(location.search) ? createBooth(connection, () => flow.home()) : null;
const printing = booth ? boothPrinting : choosePrinting(bridge, connection.client, () => connection.snapshot);

const flow = new KioskFlow({
  hub: {
    issueTicket: async (payload) => {
      const issue = await connection.client.requestIdempotent('issue_ticket', payload, REQUEST_DEADLINE_MS);
      booth?.begin(issue);
      return issue;
    },
    requestCallback: (payload) => connection.client.requestIdempotent('request_callback', payload, REQUEST_DEADLINE_MS),
  },
  printing,
  office: () => ({ snapshot: connection.snapshot, stats: connection.stats }),
  lang: () => i18n.lang,
  setLang: (lang) => (i18n.lang = lang),
  newKey: () => newIdempotencyKey(),
  reasonText: (reason, lang) => messages[lang][`reason.${reason}`],
  // A booth's ticket is its video call, not paper: nothing to bring back after a restart.
  journal: booth ? undefined : storageJournal(),
});

// Once online: a ticket request whose answer never came (the kiosk restarted in between) is sent again with its key,
// and a ticket issued here whose paper never came out is shown and printed again.
const offResume = connection.client.onState((state) => {
  if (state !== 'online') return;
  offResume();
  flow.resume();
});

if (printing instanceof BridgePrinting) {
  const report = () => {
    if (connection.online) printing.reportHealth().catch(() => undefined);
  };
  connection.client.onState((state) => state === 'online' && report());
  setInterval(report, HEALTH_REPORT_MS);
}

void connection.start();
mount(App, { target: document.getElementById('app')!, props: { connection, i18n, flow, booth } });
