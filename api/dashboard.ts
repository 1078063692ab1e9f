import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { PROJECT_ROOT } from '../config/config';
import { ALERT_COLUMNS } from '../domain/alerts';

/**
 * What the page takes from the domain rather than writing it again: the alert table's columns,
 * the CLI's too. A script rather than an API route, so it is there before the page's own scripts
 * run, and like them needs no credential (it holds no data).
 */
const DEFINITIONS = `window.buzzDefinitions = ${JSON.stringify({ alertColumns: ALERT_COLUMNS })};\n`;

/**
 * The page's scripts, in the order they run: each adds what it defines to `window.buzz` and takes
 * what it uses from there, so each needs those before it. Served as one script.
 */
const SCRIPTS = [
  'common.js',
  'charts.js',
  'show-list.js',
  'explain.js',
  'chart-view.js',
  'table-view.js',
  'live-view.js',
  'leaderboard-view.js',
  'alerts-view.js',
  'main.js',
];

/**
 * The dashboard page and its assets, Chart.js included: nothing is loaded from elsewhere. The
 * page passes `guard` (access control); the assets are code and style without data, and the
 * sign-in page needs them.
 */
export function dashboardRouter(guard: express.RequestHandler): express.Router {
  const pages = path.join(PROJECT_ROOT, 'api', 'dashboard');
  const dashboardScript = () =>
    [DEFINITIONS, ...SCRIPTS.map((name) => fs.readFileSync(path.join(pages, name), 'utf8'))].join('\n');
  const files: Record<string, string> = {
    '/': path.join(pages, 'index.html'),
    '/assets/style.css': path.join(pages, 'style.css'),
    '/assets/chart.umd.min.js': path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    '/assets/chartjs-plugin-annotation.min.js': path.join(
      path.dirname(require.resolve('chartjs-plugin-annotation')),
      'chartjs-plugin-annotation.min.js',
    ),
  };
  const router = express.Router();
  for (const [route, file] of Object.entries(files))
    router.get(route, ...(route === '/' ? [guard] : []), (_request, response) => response.sendFile(file));
  router.get('/assets/dashboard.js', (_request, response) => response.type('js').send(dashboardScript()));
  return router;
}
