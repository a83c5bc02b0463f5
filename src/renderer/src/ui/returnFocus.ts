// Inline edits and confirmations give focus back: when one closes (Escape, Cancel, Save), the control that opened
// it is focused again, so keyboard users stay where they were instead of at the top of the page.
import { useLayoutEffect, useRef, type KeyboardEvent } from 'react';

// The last element that had focus. The opener is often disabled in the same render that opens the edit (and a
// disabled button drops focus), so the focused element at that moment cannot be relied on.
let lastFocused: HTMLElement | null = null;
if (typeof document !== 'undefined') {
  document.addEventListener('focusin', (e) => {
    if (e.target instanceof HTMLElement) lastFocused = e.target;
  });
}

/**
 * While `open` is true remembers the control that opened the edit; when it turns false focuses it again (or,
 * when that control is gone, what `fallback` finds: the same control re-rendered elsewhere).
 */
export function useReturnFocus(open: boolean, fallback?: () => HTMLElement | null): void {
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(open);
  useLayoutEffect(() => {
    if (open && !wasOpen.current) {
      const active = document.activeElement;
      opener.current = active instanceof HTMLElement && active !== document.body ? active : lastFocused;
    } else if (!open && wasOpen.current) {
      const back = opener.current;
      opener.current = null;
      // After the render that closes the edit (which enables the opener again).
      requestAnimationFrame(() => {
        const target = back?.isConnected && !(back as HTMLButtonElement).disabled ? back : (fallback?.() ?? null);
        // Only when focus is not already somewhere the user chose (it is on the page body or in the closed edit).
        const now = document.activeElement;
        if (target && (now === null || now === document.body || !now.isConnected || now === back)) target.focus();
      });
    }
    wasOpen.current = open;
  });
}

/** A keydown handler for an inline edit: Escape closes it. */
export function escapeCloses(close: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close();
  };
}
