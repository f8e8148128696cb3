// Realistic PluginContext values, shaped as Grafana 12 builds them
// (pkg/services/pluginsintegration/plugincontext): app settings for the app, data source settings for
// the nested data source, grafanaConfig keys, the Grafana user agent.
export const APP_ID = 'hotpath-profiles-app';
export const DATASOURCE_ID = 'hotpath-profiles-datasource';
export const GRAFANA_VERSION = '12.3.0';

/** A secret that must never show up in logs or responses. */
export const SECRET = 's3cr3t-token';

const user = { login: 'admin', name: 'Admin', email: 'admin@localhost', role: 'Admin' };

const grafanaConfig = {
  GF_APP_URL: 'http://localhost:3000/',
  GF_CONCURRENT_QUERY_COUNT: '10',
  GF_USER_FACING_DEFAULT_ERROR: 'Please inspect the Grafana server log for details',
  GF_SQL_ROW_LIMIT: '1000000',
  GF_RESPONSE_LIMIT: '0',
};

const common = {
  orgId: '1',
  pluginVersion: '0.1.0',
  user,
  grafanaConfig,
  userAgent: `Grafana/${GRAFANA_VERSION} (linux; amd64)`,
};

/** jsonData as the app's provisioning writes it: { dataSources: [...], storePath }. */
export function appContext(jsonData, secrets = {}, lastUpdatedMS = Date.now()) {
  return {
    ...common,
    pluginId: APP_ID,
    appInstanceSettings: {
      jsonData: Buffer.from(JSON.stringify(jsonData)),
      decryptedSecureJsonData: secrets,
      lastUpdatedMS: String(lastUpdatedMS),
    },
  };
}

export function dataSourceContext(jsonData, secrets = {}) {
  return {
    ...common,
    pluginId: DATASOURCE_ID,
    dataSourceInstanceSettings: {
      id: '7',
      uid: 'hotpath-ds',
      name: 'Hotpath',
      url: '',
      jsonData: Buffer.from(JSON.stringify(jsonData)),
      decryptedSecureJsonData: secrets,
      lastUpdatedMS: String(Date.now()),
    },
  };
}

/** Headers as Grafana's resource API forwards them (Go canonical keys, StringList values). */
export function resourceHeaders(extra = {}) {
  const headers = {
    Accept: { values: ['application/json'] },
    'X-Grafana-User': { values: ['admin'] },
    'X-Grafana-Referer': { values: ['http://localhost:3000/a/hotpath-profiles-app'] },
    'X-Forwarded-For': { values: ['127.0.0.1'] },
  };
  for (const [k, v] of Object.entries(extra)) headers[k] = { values: [v] };
  return headers;
}
