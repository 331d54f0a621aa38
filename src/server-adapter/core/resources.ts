/** Writing business resources (typed JSON documents): insert, and read-modify-write with retries. */
import type { ResourceRecord } from '../store/types.js';
import { GuestkitServerError } from './errors.js';
import { isoNow, type Runtime } from './options.js';

/** The outcome of `changeResource`: the record as stored now, and whether this call changed it. */
export interface ResourceChange {
  record: ResourceRecord;
  changed: boolean;
}

/**
 * Applies `change` to a resource's data (a copy) and stores it under the version it read; on a
 * concurrent write it reads again and retries. `change` returns `null` to leave the record as it
 * is, or throws to refuse. `attempts` may depend on the data read (a slot counter may lose as many
 * races as it has slots). Returns `null` when there is no such resource; after the last attempt it
 * fails with `unavailable`.
 */
export async function changeResource<T>(
  runtime: Runtime,
  firmId: string,
  type: string,
  id: string,
  change: (data: T) => T | null,
  attempts: number | ((data: T) => number) = 5,
): Promise<ResourceChange | null> {
  for (let attempt = 0, cap = 1; attempt < cap; attempt++) {
    const record = await runtime.store.resources.get(firmId, type, id);
    if (!record) return null;
    const data = structuredClone(record.data) as unknown as T;
    cap = typeof attempts === 'number' ? attempts : attempts(data);
    const next = change(data);
    if (next === null) return { record, changed: false };
    const at = isoNow(runtime);
    const saved = await runtime.store.resources.update(firmId, type, id, next as unknown as Record<string, unknown>, record.version, at);
    if (saved) return { record: saved, changed: true };
  }
  throw new GuestkitServerError('unavailable', 'the record kept changing; try again');
}

/** Stores a new resource (version 1, stamped with server time), optionally under a `parent` resource's id. */
export async function insertResource(runtime: Runtime, firmId: string, type: string, id: string, data: object, parent?: string): Promise<void> {
  const now = isoNow(runtime);
  await runtime.store.resources.insert({
    firmId,
    type,
    id,
    data: data as Record<string, unknown>,
    ...(parent === undefined ? {} : { parent }),
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
}
