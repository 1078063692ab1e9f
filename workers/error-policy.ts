import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { isBuzzError } from '../domain/errors';

/**
 * BuzzTracker's error policy for every activity, in one place: a BuzzError that says retrying
 * cannot help (domain/errors.ts) fails the activity for good, so the workflow sees why at once;
 * every other error is retried by the activity's retry policy. A BuzzError is typed with its
 * code either way, so that whoever follows a retrying activity sees what failed.
 */
export const errorPolicy: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        if (isBuzzError(error))
          throw ApplicationFailure.create({
            message: error.message,
            type: error.code,
            nonRetryable: !error.retryable,
            cause: error,
          });
        throw error;
      }
    },
  },
});
