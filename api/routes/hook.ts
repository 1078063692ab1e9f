import express, { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { checkSignature } from '../../domain/signature';
import { applySheetEdit, sheetEditSchema } from '../../services/sheet-edit';
import type { RouteContext } from '../context';
import { HttpError } from '../http';
import { ReplayGuard } from '../replay-guard';

/**
 * POST /hooks/sheet-edit: the Apps Script's notification of edited rows, signed with
 * WEBHOOK_SECRET (HMAC over timestamp and body), each signature accepted once.
 */
export function sheetEditHook(ctx: RouteContext, options: { maxBodyBytes: number; ratePerMinute: number }): Router {
  const replays = new ReplayGuard();
  const router = Router();
  router.post(
    '/hooks/sheet-edit',
    rateLimit({ windowMs: 60_000, limit: options.ratePerMinute, standardHeaders: 'draft-8', legacyHeaders: false }),
    (request, _response, next) => {
      if (!request.is('application/json')) return next(new HttpError(415, 'Content-Type must be application/json'));
      next();
    },
    express.raw({ type: 'application/json', limit: options.maxBodyBytes }),
    async (request, response) => {
      const secret = ctx.config.webhookSecret;
      if (!secret) throw new HttpError(503, 'The sheet-edit hook is not configured (WEBHOOK_SECRET)');
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const nowSeconds = Math.floor(ctx.now() / 1000);
      const signature = request.get('x-buzz-signature');
      const check = checkSignature(secret, request.get('x-buzz-timestamp'), signature, raw, nowSeconds);
      const refusal = !check.ok ? check.reason : !replays.firstUse(signature!, nowSeconds) ? 'replay' : undefined;
      if (refusal) {
        ctx.logger.warn({ reason: refusal, ip: request.ip }, 'sheet-edit refused');
        throw new HttpError(401, 'invalid signature');
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpError(400, 'the body is not JSON');
      }
      const edit = sheetEditSchema.safeParse(json);
      if (!edit.success)
        throw new HttpError(
          400,
          `the body does not have the expected shape: ${edit.error.issues[0]?.path.join('.') || 'body'}`,
        );
      response.status(202).json(await applySheetEdit(ctx, edit.data));
    },
  );
  return router;
}
