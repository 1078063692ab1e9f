import path from 'node:path';
import express from 'express';
import { PROJECT_ROOT } from '../config/config';

/**
 * The dashboard page and its assets, Chart.js included: nothing is loaded from elsewhere. The
 * page passes `guard` (access control); the assets are code and style without data, and the
 * sign-in page needs them.
 */
export function dashboardRouter(guard: express.RequestHandler): express.Router {
  const pages = path.join(PROJECT_ROOT, 'api', 'dashboard');
  const files: Record<string, string> = {
    '/': path.join(pages, 'index.html'),
    '/assets/app.js': path.join(pages, 'app.js'),
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
  return router;
}
