import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { settingsUpdate, validateSources, type SourceConfig } from './configModel';

const embedded: SourceConfig = { uid: 'embedded', kind: 'embedded', name: 'Embedded store', default: true };
const prod: SourceConfig = {
  uid: 'prod',
  kind: 'pyroscope',
  name: 'Prod',
  url: 'https://pyro.example:4040',
  tenant: 'acme',
  basicAuthUser: 'u',
  timeoutSeconds: 30,
};

describe('validateSources', () => {
  test('a good list has no problems', () => {
    assert.deepEqual(validateSources([embedded, prod]), []);
  });

  test('names each bad field as the backend does', () => {
    const problems = validateSources([
      { uid: 'bad uid', kind: 'embedded' },
      { uid: 'p', kind: 'pyroscope' },
      { uid: 'p', kind: 'pyroscope', url: 'ftp://x' },
      { uid: 'q', kind: 'pyroscope', url: 'http://x', timeoutSeconds: 0, default: true },
      { uid: 'r', kind: 'embedded', default: true },
    ]);
    assert.deepEqual(problems, [
      'jsonData.dataSources[0].uid must be 1–64 of A–Z, a–z, 0–9, _ and -, not "bad uid"',
      'jsonData.dataSources[1].url is required for a pyroscope source',
      'jsonData.dataSources[2].uid "p" is used by an earlier source',
      'jsonData.dataSources[2].url must be an absolute http(s) URL, not "ftp://x"',
      'jsonData.dataSources[3].timeoutSeconds must be in (0, 600], not 0',
      'jsonData.dataSources: at most one source may be the default, 2 are',
    ]);
  });
});

describe('settingsUpdate', () => {
  test('keeps other jsonData, cleans empty fields, sends only typed secrets', () => {
    const update = settingsUpdate(
      { enabled: true, pinned: false, jsonData: { storePath: '/var/lib/hotpath' }, secureJsonFields: { 'prod.bearerToken': true } },
      [embedded, { ...prod, tenant: '  ', url: ' https://pyro.example:4040 ' }],
      { 'prod.basicAuthPassword': 's3cret' }
    );
    assert.deepEqual(update, {
      enabled: true,
      pinned: false,
      jsonData: {
        storePath: '/var/lib/hotpath',
        dataSources: [
          { uid: 'embedded', kind: 'embedded', name: 'Embedded store', default: true },
          { uid: 'prod', kind: 'pyroscope', name: 'Prod', url: 'https://pyro.example:4040', basicAuthUser: 'u', timeoutSeconds: 30 },
        ],
      },
      secureJsonData: { 'prod.basicAuthPassword': 's3cret' },
    });
  });

  test('clears the secrets of a removed source and ignores edits for sources no longer listed', () => {
    const update = settingsUpdate({ secureJsonFields: { 'old.bearerToken': true, 'prod.bearerToken': true, 'gone.basicAuthPassword': false } }, [prod], {
      'prod.bearerToken': '',
      'old.basicAuthPassword': 'x',
    });
    assert.deepEqual(update.secureJsonData, { 'old.bearerToken': '', 'prod.bearerToken': '' });
  });

  test('an embedded source keeps no remote fields', () => {
    const update = settingsUpdate({}, [{ ...embedded, url: 'http://x', tenant: 't', timeoutSeconds: 5 }], {});
    assert.deepEqual(update.jsonData.dataSources, [{ uid: 'embedded', kind: 'embedded', name: 'Embedded store', default: true }]);
  });
});
