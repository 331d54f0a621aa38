/** What the parts of the store conformance suite share. */
import type { Store } from '../../store/types.js';

/** The store under test (set once the suite's `before` made it) and a helper every part uses. */
export interface ConformanceContext {
  /** The store under test; read it inside a test, not while registering. */
  readonly store: Store;
  /** Puts two new firms of their own and returns their ids, so tests never share a firm. */
  twoFirms(): Promise<{ a: string; b: string }>;
}
