import { workflowLink } from '../../contracts/workflow-ids';
import type { Config } from '../../config/config';

/** Where everything is, and a few commands worth trying on what the demo computed. */
export function nextSteps(config: Config, port: number, liveShowKeys: string[]): string {
  const base = `http://localhost:${port}/`;
  const views = [
    ['chart', `${base}#view=chart`],
    ['table', `${base}#view=table`],
    ['leaderboard', `${base}#view=leaderboard`],
    ['alerts', `${base}#view=alerts`],
    ...(liveShowKeys.length > 0 ? [['live', `${base}#view=live&shows=${liveShowKeys.join(',')}`]] : []),
  ];
  return [
    '',
    `Dashboard and API: ${base}  (GET /api/shows, /api/shows/<show_key>/buzz)`,
    ...views.map(([view, url]) => `  ${view!.padEnd(12)} ${url}`),
    `Temporal Web UI:   ${workflowLink(config.temporal)}`,
    `Elasticsearch:     ${config.elasticsearch.url}  (buzz-daily, buzz-tweets)`,
    '',
    'What to try next:',
    '  npx buzztracker buzz --show Quillfeather                   its days around launch, with coverage',
    '  npx buzztracker explain --show quillfeather:3 --date 2019-07-02   why its launch day stood out',
    '  npx buzztracker leaderboard --window -3..-1                the days before each launch',
    '  npx buzztracker buzz --show Quillfeather --source wikipedia   its Wikipedia pageviews, per article',
    '  npx buzztracker leaderboard --metric pageviews             the launch weeks by Wikipedia pageviews',
    '  npx buzztracker buzz --show "Zephyrine Hollow" --format csv   the same numbers as CSV',
  ].join('\n');
}
