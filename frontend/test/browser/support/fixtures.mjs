// Resource-route answers for the browser tests, shaped like the backend's (docs/api.md).

export function dataSources() {
  return {
    datasources: [
      { uid: 'embedded', name: 'Embedded store', kind: 'embedded', default: true, hasCredentials: false },
      {
        uid: 'pyro-prod',
        name: 'Pyroscope (production)',
        kind: 'pyroscope',
        url: 'https://pyroscope.prod.example.com',
        tenant: 'team-checkout',
        default: false,
        hasCredentials: true,
      },
      { uid: 'pyro-staging', name: 'Pyroscope (staging)', kind: 'pyroscope', url: 'http://pyroscope.staging:4040', default: false, hasCredentials: false },
    ],
  };
}

export function health() {
  return {
    status: 'error',
    message: 'Pyroscope (staging): connect ECONNREFUSED 10.0.4.17:4040',
    sources: [
      { uid: 'embedded', name: 'Embedded store', kind: 'embedded', status: 'ok', message: 'store open: 12 series, 4,312 profiles' },
      { uid: 'pyro-prod', name: 'Pyroscope (production)', kind: 'pyroscope', status: 'ok', message: 'answered in 38 ms' },
      { uid: 'pyro-staging', name: 'Pyroscope (staging)', kind: 'pyroscope', status: 'error', message: 'connect ECONNREFUSED 10.0.4.17:4040' },
    ],
  };
}
