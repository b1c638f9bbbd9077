export { startHub, type Hub, type HubOptions } from './hub.ts';
export { SqliteStore, type OfficeSeed } from './store/sqlite-store.ts';
export { demoOffice, seedDemo, DEMO_USERS, DEMO_OFFICE_ID } from './demo.ts';
