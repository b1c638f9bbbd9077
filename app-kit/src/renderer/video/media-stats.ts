import type { PeerLike } from './types.ts';

/** Received media so far, from the peer connection's inbound-rtp reports. */
export interface MediaStats {
  videoBytesReceived: number;
  audioBytesReceived: number;
  videoBytesSent: number;
}

/** Sums inbound-rtp/outbound-rtp bytes per kind from getStats() reports (flattened, as simple-peer gives them). */
export function summarizeStats(reports: readonly Record<string, unknown>[]): MediaStats {
  const stats: MediaStats = { videoBytesReceived: 0, audioBytesReceived: 0, videoBytesSent: 0 };
  for (const r of reports) {
    const kind = r.kind ?? r.mediaType;
    if (r.type === 'inbound-rtp' && typeof r.bytesReceived === 'number') {
      if (kind === 'video') stats.videoBytesReceived += r.bytesReceived;
      else if (kind === 'audio') stats.audioBytesReceived += r.bytesReceived;
    } else if (r.type === 'outbound-rtp' && kind === 'video' && typeof r.bytesSent === 'number') {
      stats.videoBytesSent += r.bytesSent;
    }
  }
  return stats;
}

/** getStats() of a peer, summarized. */
export function peerStats(peer: PeerLike): Promise<MediaStats> {
  return new Promise((resolve, reject) => peer.getStats((error, reports) => (error ? reject(error) : resolve(summarizeStats(reports)))));
}
