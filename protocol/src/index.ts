export * from './version.ts';
export * from './errors.ts';
export * from './entities.ts';
export * from './events.ts';
export * from './requests.ts';
export * from './responses.ts';
export * from './parse.ts';
export * from './report.ts';
