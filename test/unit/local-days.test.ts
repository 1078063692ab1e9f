import { localDayOf, localDaysOf } from '../../domain/local-days';

describe('the local days of many instants', () => {
  it.each(['America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC'])(
    'are localDayOf of each, across a change of clock (%s)',
    (zone) => {
      // Every 7 minutes of 36 days from 2019-03-05: New York (on 03-10) and Lord Howe (half an
      // hour, on 04-07) change their clocks inside them; Kathmandu is 5:45 ahead all along. In
      // shuffled order, as posts come (7919 is prime to the 7,405 instants).
      const from = Date.parse('2019-03-05T00:00:00Z');
      const instants = Array.from({ length: (36 * 24 * 60) / 7 }, (_, i) => from + i * 7 * 60_000);
      const shuffled = instants.map((_, i) => instants[(i * 7919) % instants.length]!);
      const dayOf = localDaysOf(zone);
      expect(shuffled.map((ms) => dayOf(ms))).toEqual(shuffled.map((ms) => localDayOf(ms, zone)));
    },
  );
});
