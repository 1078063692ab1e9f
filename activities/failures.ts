import { ApplicationFailure } from '@temporalio/activity';
import { isBuzzError } from '../domain/errors';

/**
 * Runs an activity body so that a BuzzError marked non-retryable fails the activity for good
 * (type = its code) instead of being retried by Temporal; every other error is retried.
 */
export async function failFastOnFinalErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isBuzzError(error) && !error.retryable) {
      throw ApplicationFailure.create({ message: error.message, type: error.code, nonRetryable: true, cause: error });
    }
    throw error;
  }
}
