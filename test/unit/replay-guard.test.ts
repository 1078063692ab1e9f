import { ReplayGuard } from '../../api/replay-guard';
import { MAX_SKEW_SECONDS, checkSignature, sign } from '../../domain/signature';

/**
 * The sheet-edit hook's replay guard, on a clock of our own (Unix seconds, as the API passes it):
 * a signature is accepted once, and remembered as long as its timestamp could pass the
 * signature check (MAX_SKEW_SECONDS either way).
 */

const T = 1_750_000_000;
/** A signature is remembered through this many seconds after its first use, and forgotten after. */
const REMEMBERED = 2 * MAX_SKEW_SECONDS;
const SECRET = 'a-webhook-secret-of-some-length';

describe('ReplayGuard', () => {
  it('accepts a signature once and refuses it again while it is remembered; other signatures pass', () => {
    const guard = new ReplayGuard();
    expect(guard.firstUse('sha256=aa', T)).toBe(true);
    expect(guard.firstUse('sha256=aa', T)).toBe(false);
    expect(guard.firstUse('sha256=bb', T + 1)).toBe(true);
    expect(guard.firstUse('sha256=aa', T + REMEMBERED - 1)).toBe(false);
    expect(guard.firstUse('sha256=bb', T + REMEMBERED)).toBe(false);
  });

  it(`forgets a signature more than ${REMEMBERED} s after it was first accepted`, () => {
    const guard = new ReplayGuard();
    expect(guard.firstUse('sha256=aa', T)).toBe(true);
    expect(guard.firstUse('sha256=aa', T + REMEMBERED)).toBe(false);
    expect(guard.firstUse('sha256=aa', T + REMEMBERED + 1)).toBe(true);
    // Accepted again, it is remembered again from then on.
    expect(guard.firstUse('sha256=aa', T + REMEMBERED + 2)).toBe(false);
  });

  it('a refused replay does not extend how long the signature is remembered', () => {
    const guard = new ReplayGuard();
    guard.firstUse('sha256=aa', T);
    expect(guard.firstUse('sha256=aa', T + 500)).toBe(false);
    expect(guard.firstUse('sha256=aa', T + REMEMBERED + 1)).toBe(true);
  });

  it('forgets the signatures whose time has passed, oldest first, and keeps the others', () => {
    const guard = new ReplayGuard();
    guard.firstUse('sha256=aa', T);
    guard.firstUse('sha256=bb', T + 100);
    guard.firstUse('sha256=cc', T + 200);
    const later = T + 101 + REMEMBERED;
    expect(guard.firstUse('sha256=dd', later)).toBe(true); // forgets aa and bb, keeps cc
    expect(guard.firstUse('sha256=cc', later)).toBe(false);
    expect(guard.firstUse('sha256=bb', later)).toBe(true);
    expect(guard.firstUse('sha256=aa', later)).toBe(true);
  });

  it('holds at most maxEntries signatures: the oldest is forgotten first, even before it expires', () => {
    const guard = new ReplayGuard(3);
    for (const [i, signature] of ['sha256=aa', 'sha256=bb', 'sha256=cc'].entries()) guard.firstUse(signature, T + i);
    expect(guard.firstUse('sha256=dd', T + 3)).toBe(true); // aa goes
    expect(guard.firstUse('sha256=bb', T + 4)).toBe(false);
    expect(guard.firstUse('sha256=aa', T + 5)).toBe(true); // a replay of aa passes: memory is bounded; bb goes
    expect(guard.firstUse('sha256=cc', T + 6)).toBe(false);
    expect(guard.firstUse('sha256=bb', T + 7)).toBe(true);
  });

  describe('with the signature check, as the hook uses them', () => {
    const body = Buffer.from('{"rows":[]}');
    /** What the hook answers at `now` to a request signed for `timestamp`. */
    const hook = (guard: ReplayGuard, timestamp: number, now: number): 'accepted' | 'stale' | 'replay' => {
      const signature = sign(SECRET, String(timestamp), body);
      if (!checkSignature(SECRET, String(timestamp), signature, body, now).ok) return 'stale';
      return guard.firstUse(signature, now) ? 'accepted' : 'replay';
    };

    it('refuses every replay while the timestamp passes the check (signed now, or up to 5 minutes off)', () => {
      for (const skew of [-MAX_SKEW_SECONDS, -1, 0, 1, MAX_SKEW_SECONDS - 1]) {
        const guard = new ReplayGuard();
        const signedFor = T + skew;
        expect([skew, hook(guard, signedFor, T)]).toEqual([skew, 'accepted']);
        // Every second after: a replay while the timestamp is within 5 minutes, stale after.
        const seconds = Array.from({ length: 2 * REMEMBERED }, (_, i) => T + 1 + i);
        expect([skew, seconds.map((now) => hook(guard, signedFor, now))]).toEqual([
          skew,
          seconds.map((now) => (now <= signedFor + MAX_SKEW_SECONDS ? 'replay' : 'stale')),
        ]);
      }
    });

    // The guard forgets at first use + 600 s (`expires > now` keeps an entry), while the check
    // still accepts a timestamp exactly 300 s old (`> MAX_SKEW_SECONDS` refuses): a request signed
    // 300 s ahead of the API's clock can be replayed once, at the very second its timestamp
    // reaches 300 s of age. Remembering one second longer (or refusing at == 300) closes it.
    it('refuses a replay of a request signed 5 minutes ahead, at the second its timestamp turns stale', () => {
      const guard = new ReplayGuard();
      const signedFor = T + MAX_SKEW_SECONDS;
      expect(hook(guard, signedFor, T)).toBe('accepted');
      expect(hook(guard, signedFor, T + REMEMBERED - 1)).toBe('replay');
      expect(hook(guard, signedFor, T + REMEMBERED)).not.toBe('accepted');
    });
  });
});
