import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { isBuzzError } from '../domain/errors';

/**
 * BuzzTracker's error policy for every activity, in one place: a BuzzError that says retrying
 * cannot help (domain/errors.ts) fails the activity for good, typed with its code, so the
 * workflow sees why at once; every other error is retried by the activity's retry policy.
 */
export const errorPolicy: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        if (isBuzzError(error) && !error.retryable) {
          throw ApplicationFailure.create({
            message: error.message,
            type: error.code,
            nonRetryable: true,
            cause: error,
          });
        }
        throw error;
      }
    },
  },
});
