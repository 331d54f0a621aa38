/** Parses input with a protocol schema and turns failures into `validation_failed` with issue paths. */
import type { z } from '../../protocol/zod.js';
import { GuestkitServerError } from './errors.js';

/** Parses `input` or throws `validation_failed` listing each issue's path and message. */
export function parseInput<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
  throw new GuestkitServerError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}
