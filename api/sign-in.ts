import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../config/config';
import { SESSION_COOKIE, type AccessControl } from './access-control';

const PAGE = path.join(PROJECT_ROOT, 'api', 'dashboard', 'login.html');

function page(message?: string): string {
  const html = fs.readFileSync(PAGE, 'utf8');
  return message ? html.replace('<!--message-->', `<p class="error" role="alert">${message}</p>`) : html;
}

/**
 * The dashboard's sign-in: a form that takes an API token and answers with a session cookie
 * (HttpOnly, SameSite=Strict: scripts cannot read it and other sites cannot send it), and
 * sign-out. Attempts are rate-limited per address; a refusal is logged without what was typed.
 */
export function signInRouter(access: AccessControl, logger: Logger, attemptsPerMinute: number): express.Router {
  const router = express.Router();
  router.get('/login', (_request, response) => {
    response.type('html').send(page());
  });
  router.post(
    '/login',
    rateLimit({ windowMs: 60_000, limit: attemptsPerMinute, standardHeaders: 'draft-8', legacyHeaders: false }),
    express.urlencoded({ extended: false, limit: '4kb' }),
    (request, response) => {
      const token = typeof request.body?.token === 'string' ? request.body.token.trim() : '';
      const session = token ? access.openSession(token) : undefined;
      if (!session) {
        logger.warn({ path: request.path, reason: 'invalid token' }, 'sign-in refused');
        response.status(401).type('html').send(page('That token is not valid.'));
        return;
      }
      response.cookie(SESSION_COOKIE, session.value, {
        httpOnly: true,
        sameSite: 'strict',
        // Over HTTPS only, when the browser came over HTTPS (to a trusted TLS-terminating proxy).
        secure: request.secure || (access.fromTrustedProxy(request) && request.get('x-forwarded-proto') === 'https'),
        path: '/',
        maxAge: session.maxAgeSeconds * 1000,
      });
      response.redirect(303, './');
    },
  );
  router.post('/logout', (_request, response) => {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, 'login');
  });
  return router;
}
