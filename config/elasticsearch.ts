import fs from 'node:fs';
import type { Config, Env } from './config';
import { localElasticsearchUrls } from './defaults';

/** The Elasticsearch node, its credential and the CA to trust; adds a line to `problems` per conflict. */
export function elasticsearchSettings(e: Env, problems: string[]): Config['elasticsearch'] {
  if (e.ELASTICSEARCH_URL && e.ELASTIC_CLOUD_ID)
    problems.push('ELASTIC_CLOUD_ID: ELASTICSEARCH_URL is set too; set only one of them');
  let auth: Config['elasticsearch']['auth'];
  let authSetting: string | undefined;
  if (e.ELASTIC_API_KEY) {
    auth = { apiKey: e.ELASTIC_API_KEY };
    authSetting = 'ELASTIC_API_KEY';
    if (e.ELASTICSEARCH_USERNAME || e.ELASTICSEARCH_PASSWORD)
      problems.push('ELASTIC_API_KEY: ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD are set too; use one credential');
  } else if (e.ELASTICSEARCH_USERNAME && e.ELASTICSEARCH_PASSWORD) {
    auth = { username: e.ELASTICSEARCH_USERNAME, password: e.ELASTICSEARCH_PASSWORD };
    authSetting = 'ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD';
  } else if (e.ELASTICSEARCH_USERNAME || e.ELASTICSEARCH_PASSWORD) {
    problems.push(
      e.ELASTICSEARCH_USERNAME
        ? 'ELASTICSEARCH_PASSWORD: needed with ELASTICSEARCH_USERNAME'
        : 'ELASTICSEARCH_USERNAME: needed with ELASTICSEARCH_PASSWORD',
    );
  }
  let ca: Config['elasticsearch']['ca'];
  if (e.ELASTICSEARCH_CA) {
    try {
      ca = { pem: fs.readFileSync(e.ELASTICSEARCH_CA, 'utf8'), file: e.ELASTICSEARCH_CA };
      if (!ca.pem.includes('-----BEGIN CERTIFICATE-----'))
        problems.push(`ELASTICSEARCH_CA: ${e.ELASTICSEARCH_CA} is not a PEM certificate`);
    } catch (error) {
      problems.push(`ELASTICSEARCH_CA: cannot read ${e.ELASTICSEARCH_CA} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  const nodes = e.ELASTIC_CLOUD_ID
    ? [cloudUrl(e.ELASTIC_CLOUD_ID, problems)]
    : e.ELASTICSEARCH_URL
      ? e.ELASTICSEARCH_URL.split(',').map((node) => node.trim())
      : localElasticsearchUrls(e.BUZZ_ES_NODES);
  const url = nodes[0]!;
  if (new Set(nodes.map((node) => node.split(':')[0])).size > 1)
    problems.push('ELASTICSEARCH_URL: the nodes mix http and https');
  if ((ca || e.ELASTICSEARCH_CA_FINGERPRINT) && url.startsWith('http:'))
    problems.push(
      `${ca ? 'ELASTICSEARCH_CA' : 'ELASTICSEARCH_CA_FINGERPRINT'}: ELASTICSEARCH_URL (${url}) is not https, so no certificate is checked`,
    );
  return {
    url,
    nodes,
    layout: { shards: e.BUZZ_ES_SHARDS, replicas: e.BUZZ_ES_REPLICAS },
    cloudId: e.ELASTIC_CLOUD_ID,
    auth,
    authSetting,
    ca,
    caFingerprint: e.ELASTICSEARCH_CA_FINGERPRINT?.replace(/:/g, '')
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:'),
    indexPrefix: e.BUZZ_INDEX_PREFIX,
    external: e.ELASTICSEARCH_URL !== undefined || e.ELASTIC_CLOUD_ID !== undefined,
  };
}

/** An Elastic Cloud id is `<name>:<base64 of "host$elasticsearch-uuid$kibana-uuid">`. */
function cloudUrl(cloudId: string, problems: string[]): string {
  const [host, uuid] = Buffer.from(cloudId.slice(cloudId.indexOf(':') + 1), 'base64')
    .toString('utf8')
    .split('$');
  if (!cloudId.includes(':') || !host || !uuid || !/^[\w.-]+(:\d+)?$/.test(host)) {
    problems.push('ELASTIC_CLOUD_ID: not an Elastic Cloud id (expected name:base64, as the Cloud console shows it)');
    return '';
  }
  return `https://${uuid}.${host}`;
}
