import type { CallView } from './types.ts';
import { VideoCall, type VideoCallDeps } from './video-call.ts';

/** A VideoCall whose view is Svelte state: screens read `call.view` and re-render on each change. */
export class LiveCall {
  readonly call: VideoCall;
  view = $state.raw<CallView>(null as unknown as CallView);

  constructor(deps: VideoCallDeps) {
    this.call = new VideoCall(deps);
    this.view = this.call.view;
    this.call.onChange((view) => (this.view = view));
  }
}

/** A Svelte action: plays a MediaStream in a <video> (srcObject cannot be set from markup). */
export function playStream(node: HTMLVideoElement, stream: MediaStream | null) {
  const show = (s: MediaStream | null) => {
    if (node.srcObject !== s) node.srcObject = s;
    if (s) node.play().catch(() => undefined);
  };
  show(stream);
  return { update: show, destroy: () => (node.srcObject = null) };
}

/** Turns the user's camera and microphone on (the booth's and the agent's). */
export function userMedia(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: true });
}

/** ICE servers of the office settings (STUN/TURN); none on a LAN. */
export function toRtcIceServers(servers: readonly { urls: string | string[]; username?: string; credential?: string }[] | undefined): RTCIceServer[] {
  return (servers ?? []).map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username } : {}), ...(s.credential ? { credential: s.credential } : {}) }));
}
