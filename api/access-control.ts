import { isLoopbackHost } from '../domain/loopback';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import proxyaddr from 'proxy-addr';
import type { ApiAccessSettings } from '../config/config';
import { BuzzError } from '../domain/errors';

/** Who a request is, when access control let it in. */
export interface Principal {
  /** `token` (Authorization: Bearer), `session` (the dashboard's cookie), `proxy` (a trusted proxy's header). */
  via: 'token' | 'session' | 'proxy';
  /** The proxy's user name; for tokens, `token #N` (their position in the list, never the token). */
  user: string;
}

export const SESSION_COOKIE = 'buzz_session';
const SESSION_SECONDS = 12 * 60 * 60;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Access control of the API and the dashboard. Three ways in, any of them enough:
 * - a bearer token from BUZZ_API_TOKENS (`Authorization: Bearer <token>`), for programs;
 * - the dashboard's session cookie, set by the sign-in form in exchange for a token. It holds an
 *   expiry signed with the token itself (HMAC), so any API replica can check it, and removing a
 *   token from the list ends its sessions;
 * - the user header of an authenticating reverse proxy (oauth2-proxy and the like), believed only
 *   on connections from BUZZ_API_TRUSTED_PROXY.
 * With none configured, access control is off (the API then refuses non-loopback addresses;
 * see assertProtected).
 */
export class AccessControl {
  private readonly tokenDigests: Buffer[];
  private readonly trusted: (address: string, hop: number) => boolean;

  constructor(
    private readonly settings: ApiAccessSettings,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokenDigests = settings.tokens.map(digest);
    this.trusted = proxyaddr.compile(settings.trustedProxies);
  }

  get enabled(): boolean {
    return this.settings.tokens.length > 0 || this.settings.trustedProxies.length > 0;
  }

  /** The principal of a request, or undefined when it brings no valid credential. */
  identify(request: Request): Principal | undefined {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
    if (bearer !== undefined) {
      const index = this.tokenIndex(bearer);
      return index === undefined ? undefined : { via: 'token', user: `token #${index + 1}` };
    }
    const proxyUser = request.get(this.settings.userHeader);
    if (proxyUser && this.fromTrustedProxy(request)) return { via: 'proxy', user: proxyUser };
    const session = cookieValue(request, SESSION_COOKIE);
    if (session !== undefined) {
      const index = this.sessionTokenIndex(session);
      if (index !== undefined) return { via: 'session', user: `token #${index + 1}` };
    }
    return undefined;
  }

  /** True when the request comes straight from an address of BUZZ_API_TRUSTED_PROXY. */
  fromTrustedProxy(request: Request): boolean {
    const peer = request.socket.remoteAddress;
    return peer !== undefined && this.settings.trustedProxies.length > 0 && this.trusted(peer, 0);
  }

  /** A session cookie for a token from the sign-in form; undefined when the token is not valid. */
  openSession(token: string): { value: string; maxAgeSeconds: number } | undefined {
    const index = this.tokenIndex(token);
    if (index === undefined) return undefined;
    const expires = Math.floor(this.now() / 1000) + SESSION_SECONDS;
    return { value: `v1.${expires}.${sign(this.settings.tokens[index]!, expires)}`, maxAgeSeconds: SESSION_SECONDS };
  }

  /** Middleware for API routes: 401 (JSON) without a credential. */
  readonly requireForApi = (request: Request, response: Response, next: NextFunction): void => {
    if (this.admit(request, response)) return next();
    response
      .set('WWW-Authenticate', 'Bearer realm="buzztracker"')
      .status(401)
      .json({ error: 'authentication required' });
  };

  /** Middleware for dashboard pages: to the sign-in form without a credential. */
  readonly requireForPage = (request: Request, response: Response, next: NextFunction): void => {
    if (this.admit(request, response)) return next();
    response.redirect(303, 'login');
  };

  private admit(request: Request, response: Response): boolean {
    if (!this.enabled) return true;
    const principal = this.identify(request);
    if (!principal) return false;
    response.locals.principal = principal;
    return true;
  }

  private tokenIndex(candidate: string): number | undefined {
    const wanted = digest(candidate);
    let found: number | undefined;
    // Every token is compared, in constant time, whatever matches first.
    this.tokenDigests.forEach((known, index) => {
      if (timingSafeEqual(known, wanted) && found === undefined) found = index;
    });
    return found;
  }

  private sessionTokenIndex(value: string): number | undefined {
    const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return undefined;
    const expires = Number(match[1]);
    if (expires * 1000 <= this.now()) return undefined;
    const given = Buffer.from(match[2]!);
    let found: number | undefined;
    this.settings.tokens.forEach((token, index) => {
      if (timingSafeEqual(Buffer.from(sign(token, expires)), given) && found === undefined) found = index;
    });
    return found;
  }
}

function sign(token: string, expires: number): string {
  return createHmac('sha256', token).update(`buzz-session.v1.${expires}`).digest('base64url');
}

function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * The API serves a non-loopback address only with access control, or when the operator says
 * plainly that it may be open.
 */
export function assertProtected(host: string, settings: ApiAccessSettings, control: AccessControl): void {
  if (isLoopbackHost(host) || control.enabled || settings.allowUnauthenticated) return;
  throw new BuzzError(
    'api_unprotected',
    `Refusing to serve the API on ${host} without access control: set BUZZ_API_TOKENS (or BUZZ_API_TOKENS_FILE), or BUZZ_API_TRUSTED_PROXY for an authenticating proxy; BUZZ_API_ALLOW_UNAUTHENTICATED=true serves it open`,
  );
}
