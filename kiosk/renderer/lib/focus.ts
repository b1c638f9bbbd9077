import type { Attachment } from 'svelte/attachments';

/** Moves focus to a screen's heading when it appears, so screen readers announce the new screen and Tab starts there. */
export const focusOnMount: Attachment<HTMLElement> = (element) => {
  element.focus({ preventScroll: true });
};
