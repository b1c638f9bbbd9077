import '@turnero/app-kit/styles.css';
import './desk.css';
import { mount } from 'svelte';
import { hubUrl, localTokenStore } from '@turnero/app-kit/renderer';
import App from './App.svelte';
import { PadState } from './pad/pad-state.svelte.ts';
import { routeOf } from './routes.ts';
import { deskKeypad } from './shared/desk-bridge.ts';
import { DeskSession } from './shared/desk-session.svelte.ts';
import { createDeskI18n } from './shared/i18n.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app');
const url = hubUrl(location);
// NOTE: one page is one app for its whole life: a desk, or a counter's rating pad (#/pad).
const route = routeOf(location.hash);
// NOTE: the pad's language is each customer's choice: it neither starts from nor writes the desk's saved one.
const i18n = createDeskI18n(route === 'pad' ? null : localStorage);

mount(App, {
  target,
  props: {
    i18n,
    storage: localStorage,
    keypadApi: deskKeypad(window),
    app: route === 'pad'
      ? { route, pad: new PadState({ url, tokens: localTokenStore('turnero.pad.token'), language: i18n }) }
      : { route, session: new DeskSession({ url, tokens: localTokenStore('turnero.desk.session') }) },
  },
});
