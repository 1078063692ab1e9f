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
 * The dashboard page and its assets, Chart.js included: nothing is loaded from elsewhere. The
 * page passes `guard` (access control); the assets are code and style without data, and the
 * sign-in page needs them. The page's scripts are every .js file beside it, loaded in the order
 * index.html lists them.
 */
export function dashboardRouter(guard: express.RequestHandler): express.Router {
  const pages = path.join(PROJECT_ROOT, 'api', 'dashboard');
  const scripts = fs.readdirSync(pages).filter((name) => name.endsWith('.js'));
  const files: Record<string, string> = {
    '/': path.join(pages, 'index.html'),
    ...Object.fromEntries(scripts.map((name) => [`/assets/${name}`, path.join(pages, name)])),
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
  router.get('/assets/definitions.js', (_request, response) => response.type('js').send(DEFINITIONS));
  return router;
}
