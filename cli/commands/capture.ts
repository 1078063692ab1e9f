import { Option, type Command } from 'commander';
import { captureStatus, resealHours, startCapture, stopCapture } from '../../client/capture';
import { loadConfig } from '../../config/config';
import { parseLanguages } from '../../domain/languages';
import { workflowLink } from '../../contracts/workflow-ids';
import { CAPTURE_WORKFLOW_ID, DEFAULT_CAPTURE_OPTIONS, type CaptureStatus } from '../../contracts/capture';
import { hourArgument, languagesArgument, nonNegativeInt, positiveInt, wsUrl } from '../arguments';
import { connectClient } from '../../client/connection';

/** Bluesky's public Jetstream (not reachable from this project's machines). */
export const PUBLIC_JETSTREAM = 'wss://jetstream2.us-east.bsky.network/subscribe';

function describe(status: CaptureStatus): string {
  const time = (us?: number) => (us === undefined ? 'none yet' : new Date(us / 1000).toISOString());
  return [
    `cursor: ${time(status.cursor)}${status.lagSeconds === undefined ? '' : ` (${status.lagSeconds.toFixed(0)} s behind now)`}`,
    `events: ${status.framesTotal.toLocaleString('en-US')} captured${
      status.eventsPerSecond === undefined ? '' : `, ${status.eventsPerSecond.toFixed(1)}/s in the last run`
    }`,
    `hours sealed: ${status.hoursSealed}${status.lastSealed ? ` (last ${status.lastSealed})` : ''}; open: ${status.openHours.join(', ') || 'none'}`,
    ...(status.failedHours?.length
      ? [
          `hours that failed to seal: ${status.failedHours.map((failed) => `${failed.hour} (${failed.error})`).join('; ')} — \`capture reseal\` seals them again`,
        ]
      : []),
    `gaps: ${status.gaps.map((gap) => `${time(gap.fromUs)} → ${time(gap.toUs)}`).join(', ') || 'none'}`,
    ...(status.lastError ? [`last error (${status.lastError.at}): ${status.lastError.message}`] : []),
    ...(status.stopping ? ['stopping: sealing the open hours'] : []),
  ].join('\n');
}

export function registerCaptureCommands(program: Command): void {
  const capture = program
    .command('capture')
    .description("capture Bluesky's Jetstream live: posts, reposts and deletes, sealed and counted hour by hour");

  capture
    .command('start')
    .description('start the capture workflow (one per namespace); it runs until `capture stop`')
    .addOption(
      new Option('--url <ws url>', 'the Jetstream subscribe endpoint').argParser(wsUrl).default(PUBLIC_JETSTREAM),
    )
    .option('--cursor <time_us>', 'replay from this server time (unix microseconds); default: from now', nonNegativeInt)
    .option('--lang <codes>', 'languages of the posts to keep, e.g. en; "*" keeps all', languagesArgument, 'en')
    .option(
      '--run-seconds <n>',
      'how long each capture run holds the socket',
      positiveInt,
      DEFAULT_CAPTURE_OPTIONS.runSeconds,
    )
    .option(
      '--seal-grace-seconds <n>',
      'how far past an hour the stream must be to seal it',
      nonNegativeInt,
      DEFAULT_CAPTURE_OPTIONS.sealGraceSeconds,
    )
    .action(
      async (options: { url: string; cursor?: number; lang: string; runSeconds: number; sealGraceSeconds: number }) => {
        const config = loadConfig();
        const { client, close } = await connectClient(config);
        try {
          await startCapture(client, config.temporal.namespace, config.temporal.taskQueue, {
            url: options.url,
            languages: parseLanguages(options.lang),
            options: { runSeconds: options.runSeconds, sealGraceSeconds: options.sealGraceSeconds },
            cursor: options.cursor,
          });
          console.log(`capturing ${options.url}: ${workflowLink(config.temporal, CAPTURE_WORKFLOW_ID)}`);
        } finally {
          await close();
        }
      },
    );

  capture
    .command('status')
    .description('where the capture is: cursor, lag behind now, events/s, hours sealed, gaps')
    .option('--json', 'print the status as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const { client, close } = await connectClient(config);
      try {
        const status = await captureStatus(client);
        console.log(options.json ? JSON.stringify(status, null, 2) : describe(status));
      } finally {
        await close();
      }
    });

  capture
    .command('reseal')
    .description('seal again the hours that failed to seal (listed by `capture status`), after the current run')
    .option(
      '--hour <hour...>',
      'only these hours, YYYY-MM-DDTHH (UTC); default: every hour that failed',
      (text, list: string[] = []) => [...list, hourArgument(text)],
    )
    .action(async (options: { hour?: string[] }) => {
      const config = loadConfig();
      const { client, close } = await connectClient(config);
      try {
        const hours = await resealHours(client, options.hour ?? []);
        console.log(
          hours.length === 0
            ? 'no hour failed to seal'
            : `sealing again after the current run: ${hours.join(', ')} (\`buzztracker capture status\` shows the outcome)`,
        );
      } finally {
        await close();
      }
    });

  capture
    .command('stop')
    .description('stop the capture: it seals its open hours and ends; `capture start --cursor` resumes')
    .action(async () => {
      const config = loadConfig();
      const { client, close } = await connectClient(config);
      try {
        const final = await stopCapture(client, () =>
          console.error('stopping: the current run ends within a minute, then the open hours are sealed…'),
        );
        console.log(
          final.cursor === undefined
            ? 'stopped before any event was stored'
            : `stopped; resume with: buzztracker capture start --cursor ${final.cursor}`,
        );
        console.log(describe({ ...final, stopping: false }));
      } finally {
        await close();
      }
    });
}
