export * from './types.ts';
export { VideoCall, type VideoCallDeps } from './video-call.ts';
export { peerStats, summarizeStats, type MediaStats } from './media-stats.ts';
export { hubSignalling } from './hub-signalling.ts';
export { simplePeerFactory } from './simple-peer-factory.ts';
export { LiveCall, playStream, toRtcIceServers, userMedia } from './live-call.svelte.ts';
export { callTestView, hubCall, testHooksEnabled } from './hub-call.ts';
