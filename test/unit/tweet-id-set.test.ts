import { TweetIdSet } from '../../domain/tweet-id-set';

describe('TweetIdSet', () => {
  it('holds each id once, as integers where they fit and as text where they do not', () => {
    const set = new TweetIdSet();
    for (const id of ['1145481234567890944', '7', '1145481234567890944', '0123', '123', '99999999999999999999', '7'])
      set.add(id);
    expect(set.size).toBe(5);
    expect([...set.chunks(2)]).toEqual([['7', '123'], ['1145481234567890944'], ['0123', '99999999999999999999']]);
  });
});
