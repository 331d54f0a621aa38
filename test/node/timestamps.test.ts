/**
 * `timestampSchema` is a pattern of our own (zod's ISO helper costs every widget bundle its
 * string-format machinery); it must accept and refuse exactly what RFC 3339 date-times allow, and
 * agree with zod's `iso.datetime({ offset: true })` on every case here.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { timestampSchema } from '../../src/protocol/common.js';

const zodIso = z.iso.datetime({ offset: true });

const VALID = [
  '2026-11-27T09:30:00.000Z',
  '2026-11-27T09:30:00Z',
  '2026-11-27T09:30:00+01:00',
  '2026-11-27T09:30:00.123456789-05:30',
  '2024-02-29T00:00:00Z', // leap year
  '2000-02-29T23:59:59Z', // divisible by 400
  '2026-01-31T00:00:00Z',
  '2026-04-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  new Date(0).toISOString(),
];

const INVALID = [
  '',
  'x',
  '2026-11-27T09:30Z', // seconds are required with a zone
  '2026-11-27T09:30:00', // no zone
  '2026-11-27 09:30:00Z',
  '2026-02-29T00:00:00Z', // not a leap year
  '1900-02-29T00:00:00Z', // century, not divisible by 400
  '2026-04-31T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-11-00T00:00:00Z',
  '2026-11-27T24:00:00Z',
  '2026-11-27T09:60:00Z',
  '2026-11-27T09:30:60Z',
  '2026-11-27T09:30:00+24:00',
  '2026-11-27T09:30:00+0100',
  '2026-11-27T09:30:00.Z',
  ' 2026-11-27T09:30:00Z',
];

describe('timestampSchema', () => {
  it('accepts RFC 3339 date-times on days that exist', () => {
    for (const value of VALID) assert.equal(timestampSchema.safeParse(value).success, true, value);
  });

  it('refuses anything else, with a message', () => {
    for (const value of INVALID) {
      const result = timestampSchema.safeParse(value);
      assert.equal(result.success, false, value);
      assert.match(result.error!.issues[0]!.message, /ISO 8601 date-time/);
    }
  });

  it('agrees with zod’s own ISO date-time check on every case', () => {
    for (const value of [...VALID, ...INVALID]) assert.equal(timestampSchema.safeParse(value).success, zodIso.safeParse(value).success, value);
  });
});
