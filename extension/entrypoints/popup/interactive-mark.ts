// "Popup interactive": navigation start → the first wallet control is usable. The e2e suite reads the mark.

export const POPUP_INTERACTIVE_MARK = 'medicrypt:popup-interactive';

/** Records the mark once per page load. */
export function markPopupInteractive(): void {
  if (performance.getEntriesByName(POPUP_INTERACTIVE_MARK).length === 0)
    performance.mark(POPUP_INTERACTIVE_MARK);
}
