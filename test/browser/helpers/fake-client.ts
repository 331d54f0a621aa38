/** A scripted `GuestkitClient` for unit-level widget tests: no server, every answer chosen by the test. */
import type { GuestkitClient } from '../../../src/client/client.js';
import { GuestkitApiError, GuestkitNetworkError } from '../../../src/client/errors.js';
import type { Http } from '../../../src/client/http.js';
import type { LinkSession, StepUpAnswer } from '../../../src/client/link-session.js';
import { ERROR_STATUS, type ErrorCode } from '../../../src/protocol/errors.js';
import type { Session } from '../../../src/protocol/session.js';

/** A well-formed `view` link token (valid checksum). */
export const VALID_TOKEN = 'gk_view_1fJjkkpe9PiTw9KSulA8Ghct30vZz4HpdQ5c5b9cPF1322feo';

/** A fake session as the server would send it. */
export function fakeSession(): Session {
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  return {
    session: 'gk_sess_fake',
    issuedAt: new Date().toISOString(),
    expiresAt: inAnHour,
    linkExpiresAt: inAnHour,
    scope: { kind: 'view', action: 'view', resource: { type: 'share', id: 'share-1' }, recipient: { email: 'a***@example.test' } },
    firm: { name: 'Kanzlei Test' },
  };
}

/** An API error with `code`, as the client would throw it. */
export function apiError(code: ErrorCode, retryAfter?: number): GuestkitApiError {
  return new GuestkitApiError(
    { type: 'about:blank', title: code, status: ERROR_STATUS[code], code, ...(retryAfter !== undefined ? { retryAfter } : {}) },
    ERROR_STATUS[code],
  );
}

/** A network failure, as the client would throw it. */
export function networkError(): GuestkitNetworkError {
  return new GuestkitNetworkError('Failed to fetch');
}

/** What the fake client answers `openLink` with: a session, or an error to throw. */
export type OpenAnswer = 'ok' | Error | ((token: string, stepUp: StepUpAnswer | undefined) => 'ok' | Error);

/** A client whose `openLink` answers as scripted, recording every call. */
export function fakeClient(answer: OpenAnswer = 'ok', endpoint = 'https://fake.test/guestkit') {
  const calls: { method: string; token: string; stepUp?: StepUpAnswer }[] = [];
  const client: GuestkitClient & { calls: typeof calls; answer: OpenAnswer } = {
    endpoint,
    http: {} as Http,
    calls,
    answer,
    async openLink(token, stepUp) {
      calls.push({ method: 'openLink', token, ...(stepUp ? { stepUp } : {}) });
      const result = typeof client.answer === 'function' ? client.answer(token, stepUp) : client.answer;
      if (result instanceof Error) throw result;
      const session = fakeSession();
      return { session, close: async () => {} } as unknown as LinkSession;
    },
    async requestOtp(token) {
      calls.push({ method: 'requestOtp', token });
    },
    async requestFreshLink(token) {
      calls.push({ method: 'requestFreshLink', token });
    },
  };
  return client;
}
