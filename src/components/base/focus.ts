/** Which node takes focus when a state appears after a visitor's action. */

/** The attribute that marks the node to focus when a state appears after a visitor's action. */
export const FOCUS_ATTRIBUTE = 'data-gk-focus';

/** The node to focus in the current state: the code input where there is one, else the heading. */
export function focusTarget(root: ParentNode): HTMLElement | null {
  return root.querySelector<HTMLElement>(`input[${FOCUS_ATTRIBUTE}]`) ?? root.querySelector<HTMLElement>(`[${FOCUS_ATTRIBUTE}]`);
}
