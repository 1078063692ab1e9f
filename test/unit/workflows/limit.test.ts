import { runLimited } from '../../../workflows/limit';

/** Work whose items finish when the test says so, recording what is in flight. */
function controlledWork<T>() {
  const pending = new Map<T, { resolve: (value: string) => void; reject: (error: Error) => void }>();
  const started: T[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const work = (item: T): Promise<string> => {
    started.push(item);
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    return new Promise<string>((resolve, reject) => pending.set(item, { resolve, reject })).finally(() => inFlight--);
  };
  /** Lets the microtasks run, so lanes pick up their next items. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    work,
    started,
    mostInFlight: () => mostInFlight,
    async finish(item: T, value = `done ${String(item)}`) {
      pending.get(item)!.resolve(value);
      await settle();
    },
    async fail(item: T, error: Error) {
      pending.get(item)!.reject(error);
      await settle();
    },
    settle,
  };
}

describe('runLimited', () => {
  it('keeps at most `limit` items in flight, starts them in order as lanes free up, results in item order', async () => {
    const c = controlledWork<string>();
    const all = runLimited(['a', 'b', 'c', 'd', 'e'], 2, c.work);
    await c.settle();
    expect(c.started).toEqual(['a', 'b']);
    await c.finish('b', 'B');
    expect(c.started).toEqual(['a', 'b', 'c']);
    await c.finish('c', 'C');
    expect(c.started).toEqual(['a', 'b', 'c', 'd']);
    await c.finish('a', 'A');
    expect(c.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    await c.finish('e', 'E');
    await c.finish('d', 'D');
    await expect(all).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(c.mostInFlight()).toBe(2);
  });

  it('runs every item at once when the limit is at least their number', async () => {
    const c = controlledWork<number>();
    const all = runLimited([1, 2, 3], 10, c.work);
    await c.settle();
    expect(c.started).toEqual([1, 2, 3]);
    for (const item of [3, 1, 2]) await c.finish(item);
    await expect(all).resolves.toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('takes a limit below 1 as 1: one item at a time', async () => {
    for (const limit of [0, -3]) {
      const c = controlledWork<number>();
      const all = runLimited([1, 2], limit, c.work);
      await c.settle();
      expect(c.started).toEqual([1]);
      await c.finish(1);
      expect(c.started).toEqual([1, 2]);
      await c.finish(2);
      await expect(all).resolves.toEqual(['done 1', 'done 2']);
      expect(c.mostInFlight()).toBe(1);
    }
  });

  it('answers [] for no items, without calling the work', async () => {
    const work = jest.fn(async () => 'never');
    await expect(runLimited([], 4, work)).resolves.toEqual([]);
    expect(work).not.toHaveBeenCalled();
  });

  it('rejects with the first failure; the other lanes still go on with the remaining items (nothing cancels them)', async () => {
    const c = controlledWork<string>();
    const all = runLimited(['a', 'b', 'c', 'd'], 2, c.work);
    const outcome = all.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await c.settle();
    await c.fail('a', new Error('a broke'));
    await expect(outcome).resolves.toBe('a broke');
    // The failed lane stopped; the other one takes c, then d, after the caller has its rejection.
    expect(c.started).toEqual(['a', 'b']);
    await c.finish('b');
    expect(c.started).toEqual(['a', 'b', 'c']);
    await c.finish('c');
    expect(c.started).toEqual(['a', 'b', 'c', 'd']);
    await c.finish('d');
  });
});
