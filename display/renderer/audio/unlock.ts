const GESTURES = ['pointerdown', 'keydown', 'touchstart'] as const;

/**
 * Where the platform blocks sound until a gesture (a plain browser without the autoplay flag), the
 * first tap or key press turns it on. Electron and the kiosk Chromium never need this.
 */
export function unlockOnGesture(ctx: AudioContext, target: EventTarget, onUnlocked: () => void): void {
  const attempt = () => {
    void ctx.resume().then(() => {
      if (ctx.state !== 'running') return;
      for (const name of GESTURES) target.removeEventListener(name, attempt);
      onUnlocked();
    });
  };
  for (const name of GESTURES) target.addEventListener(name, attempt, { passive: true });
}
