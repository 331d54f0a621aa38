/** The behaviour every `Store` implementation must show, as a `node:test` suite. */
import { after, before, describe } from 'node:test';
import type { Store } from '../store/types.js';
import { accessConformance } from './store-conformance/access.js';
import type { ConformanceContext } from './store-conformance/context.js';
import { countersConformance } from './store-conformance/counters.js';
import { recordsConformance } from './store-conformance/records.js';
import { makeFirm, uid } from './store-fixtures.js';

/**
 * Registers the store conformance suite. Each test works in firms of its own, so one store
 * instance serves the whole suite.
 *
 * @example
 * ```ts
 * import { storeConformance } from 'guestkit/server/testing';
 * storeConformance('postgres', () => pgStore({ connectionString: process.env.DATABASE_URL! }));
 * ```
 */
export function storeConformance(name: string, create: () => Promise<Store> | Store): void {
  void describe(`Store conformance: ${name}`, () => {
    let store: Store;
    const twoFirms = async () => {
      const a = makeFirm(uid('firm_a'));
      const b = makeFirm(uid('firm_b'));
      await store.firms.put(a);
      await store.firms.put(b);
      return { a: a.id, b: b.id };
    };

    before(async () => {
      store = await create();
      await store.init();
      await store.init(); // init() must be idempotent
    });
    after(async () => {
      await store.close();
    });
    const ctx: ConformanceContext = {
      get store() {
        return store;
      },
      twoFirms,
    };
    accessConformance(ctx);
    recordsConformance(ctx);
    countersConformance(ctx);
  });
}
