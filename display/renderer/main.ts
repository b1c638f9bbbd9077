import '@turnero/app-kit/styles.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { parseSettings } from './lib/settings.ts';
import { createDisplay } from './state/create-display.ts';

const settings = parseSettings(location.search);
document.documentElement.lang = settings.lang === 'en' ? 'en' : 'es-CO';
const { display, connection, clock } = createDisplay(settings);
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app');
mount(App, { target, props: { display, connection, clock, settings } });
void connection.start();
