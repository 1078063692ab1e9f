import type { Client as EsClient } from '@elastic/elasticsearch';
import type { Client as TemporalClient } from '@temporalio/client';
import type { Logger } from 'pino';
import { ensureShowIndices } from '../adapters/elasticsearch-indices';
import type { ObjectStore } from '../adapters/object-store';
import { repositories, type Repositories } from '../adapters/repositories';
import { showSignals } from '../client/shows';
import type { Config } from '../config/config';
import type { ShowSignals } from '../contracts/shows';
import { indexNames } from '../domain/index-names';
import { AccessControl } from './access-control';

/** What the API is built from: its configuration and the clients it talks through. */
export interface ApiDeps {
  config: Config;
  es: EsClient;
  temporal: TemporalClient;
  store: ObjectStore;
  logger: Logger;
  now?: () => number;
}

/** What the routes use: the clients, the repositories over them, access control, the clock. */
export interface RouteContext {
  config: Config;
  es: EsClient;
  temporal: TemporalClient;
  store: ObjectStore;
  logger: Logger;
  repos: Repositories;
  showSignals: ShowSignals;
  access: AccessControl;
  now: () => number;
  /** Creates the show indices once (before the first registry write). */
  ensureShowIndices: () => Promise<void>;
}

export function routeContext(deps: ApiDeps): RouteContext {
  const { config } = deps;
  const now = deps.now ?? (() => Date.now());
  const indices = indexNames(config.elasticsearch.indexPrefix);
  // An edit can arrive before any worker has run: without this, the registry write would let
  // Elasticsearch map the shows index dynamically (show_key as text), and every read would fail.
  let showIndices: Promise<void> | undefined;
  return {
    ...deps,
    now,
    repos: repositories(deps.es, indices),
    showSignals: showSignals(deps.temporal, config.temporal.taskQueue),
    access: new AccessControl(config.api, now),
    ensureShowIndices: () =>
      (showIndices ??= ensureShowIndices(deps.es, indices, config.elasticsearch.layout).catch((error: unknown) => {
        showIndices = undefined;
        throw error;
      })),
  };
}
