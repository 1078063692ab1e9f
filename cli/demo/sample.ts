import fs from 'node:fs';
import path from 'node:path';
import { addDays } from '../../domain/days';
import { writeSampleData } from '../../simulator/sample-data';
import { phaseBar } from '../phase-bar';

/**
 * The demo's days: from four days before the first sample show's launch (a baseline for spike
 * alerts) to the UTC day that ends the last one's launch week in Los Angeles, so that every show
 * is ranked over days 0..6. The last day holds its first twelve hours only: a day partly
 * published, as the archive's newest can be.
 */
export const DEMO_FIRST_DAY = '2019-06-28';
export const DEMO_DAYS = 15;
const PARTIAL_LAST_DAY = Array.from({ length: 12 }, (_, hour) => hour);

export interface DemoSample {
  dir: string;
  days: number;
  linesPerMinute: number;
}

/** Sample archives for the demo, written once (a second run with the same options finds them). */
export async function demoSampleData(sample: DemoSample, log: (line: string) => void): Promise<string> {
  const wanted = {
    from: DEMO_FIRST_DAY,
    days: sample.days,
    linesPerMinute: sample.linesPerMinute,
    lastDayHours: PARTIAL_LAST_DAY,
    pageviews: true,
  };
  const marker = path.join(sample.dir, 'demo.json');
  if (
    fs.existsSync(path.join(sample.dir, 'ground-truth.json')) &&
    fs.existsSync(marker) &&
    fs.readFileSync(marker, 'utf8') === JSON.stringify(wanted)
  ) {
    console.log(`sample data: reusing ${sample.dir}`);
    return sample.dir;
  }
  const last = addDays(DEMO_FIRST_DAY, sample.days - 1);
  console.log(
    `sample data: writing ${sample.days} days from ${DEMO_FIRST_DAY} to ${last} in ${sample.dir} (${sample.linesPerMinute} lines a minute; ${last} holds hours 00–11 only)`,
  );
  const bar = phaseBar('sample data', sample.days);
  let written = 0;
  await writeSampleData({ out: sample.dir, seed: 1, format: 'tar', ...wanted }, (line) => {
    log(line);
    bar.update(++written, line.split(':')[0]);
  });
  bar.stop();
  fs.writeFileSync(marker, JSON.stringify(wanted));
  return sample.dir;
}
