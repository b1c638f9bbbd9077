// NOTE: the bundle has no types of its own; the reference brings our declaration into every app's program.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./simple-peer.d.ts" />
import SimplePeer from 'simple-peer/simplepeer.min.js';
import type { PeerFactory } from './types.ts';

/** Real peers: simple-peer's browser bundle (the only file that imports it). */
export const simplePeerFactory: PeerFactory = ({ initiator, stream, iceServers }) =>
  new SimplePeer({ initiator, trickle: true, config: { iceServers }, ...(stream ? { stream } : {}) });
