/** The browser bundle of simple-peer 9 (its own UMD build; see STACK-NOTES). Only what we use. */
declare module 'simple-peer/simplepeer.min.js' {
  interface SimplePeerOptions {
    initiator?: boolean;
    stream?: MediaStream;
    trickle?: boolean;
    config?: RTCConfiguration;
  }
  interface SimplePeerInstance {
    signal(data: Record<string, unknown>): void;
    destroy(): void;
    on(event: string, listener: (...args: never[]) => void): unknown;
    getStats(callback: (error: Error | null, reports: Record<string, unknown>[]) => void): void;
  }
  const SimplePeer: new (opts?: SimplePeerOptions) => SimplePeerInstance;
  export default SimplePeer;
}
