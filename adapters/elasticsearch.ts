import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Transport, UndiciConnection, errors, type ClientOptions } from '@elastic/elasticsearch';
import type { Config } from '../config/config';
import { explainElasticsearchError } from './elasticsearch-errors';

/** The pauses before each new attempt of a request refused with 429: about 7 s in all. */
export const BUSY_RETRIES = [1_000, 2_000, 4_000];

/**
 * The Elasticsearch client every process uses: the node (or Elastic Cloud id), its credential
 * (API key or user and password) and the CA to trust, from the configuration. Failures no retry
 * can mend (refused credential, missing privilege, untrusted certificate) come out of every call
 * as one-line, non-retryable BuzzErrors naming the setting (adapters/elasticsearch-errors.ts).
 * The 8.19 client checks the X-Elastic-Product header of each answer, so it refuses anything
 * that is not Elasticsearch. A request refused with 429 is sent again (BUSY_RETRIES).
 */
export function createElasticsearchClient(config: Config['elasticsearch']): Client {
  const explained = <T>(call: Promise<T>): Promise<never> =>
    call.then(
      (value) => value as never,
      (error: unknown) => {
        throw explainElasticsearchError(error, config);
      },
    );
  // A certificate that is not trusted stays so: explained here, per connection, so that the
  // transport does not retry it with backoff (it retries only its own ConnectionErrors).
  class ExplainingConnection extends UndiciConnection {
    override request(...args: Parameters<UndiciConnection['request']>): Promise<never> {
      return explained(super.request(...args));
    }
  }
  // One override for the transport's three overloads of request(). A request refused as a whole
  // for want of threads or memory (429: a full write or search queue, a tripped circuit breaker)
  // is sent again after a pause, as the bulk helper does for refused items: the transport itself
  // retries only 502, 503 and 504.
  class ExplainingTransport extends Transport {
    override async request(...args: Parameters<Transport['request']>): Promise<never> {
      for (let attempt = 0; ; attempt++) {
        try {
          return (await super.request(...args)) as never;
        } catch (error) {
          const busy = error instanceof errors.ResponseError && error.statusCode === 429;
          if (!busy || attempt === BUSY_RETRIES.length) throw explainElasticsearchError(error, config);
          await sleep(BUSY_RETRIES[attempt]);
        }
      }
    }
  }
  const options: ClientOptions = {
    ...(config.cloudId ? { cloud: { id: config.cloudId } } : { nodes: config.nodes }),
    auth: config.auth,
    // A pinned CA fingerprint replaces the usual chain check (Elastic's own advice for
    // self-signed clusters): the client then accepts the chain whose CA has that fingerprint.
    tls: config.ca ? { ca: config.ca.pem } : config.caFingerprint ? { rejectUnauthorized: false } : undefined,
    caFingerprint: config.caFingerprint,
    Connection: ExplainingConnection,
    Transport: ExplainingTransport,
    requestTimeout: 60_000,
    maxRetries: 3,
  };
  return new BoundedCloseClient(options);
}

/**
 * undici's pool can wait forever in close() for a request that failed its TLS handshake while
 * another was in flight (seen with two concurrent requests and a certificate for another host);
 * the process then ends with nothing printed. Closing gives in-flight requests 2 s, then stops
 * waiting; the timer holds the process open until one of the two ends.
 */
class BoundedCloseClient extends Client {
  override async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([super.close(), new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
  }
}
