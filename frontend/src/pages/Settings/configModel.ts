// The app's configuration as Grafana stores it (jsonData + secureJsonData), edited on the config
// page. The rules mirror the backend's settings checks (docs/api.md, "Settings") so a mistake is
// named before saving instead of failing every call afterwards.

export type SourceKind = 'embedded' | 'pyroscope';

export interface SourceConfig {
  uid: string;
  name?: string;
  kind: SourceKind;
  url?: string;
  tenant?: string;
  basicAuthUser?: string;
  timeoutSeconds?: number;
  default?: boolean;
}

export interface AppJsonData {
  storePath?: string;
  dataSources?: SourceConfig[];
  [other: string]: unknown;
}

export type SecretName = 'bearerToken' | 'basicAuthPassword';
export const SECRET_NAMES: readonly SecretName[] = ['bearerToken', 'basicAuthPassword'];

export function secretKey(uid: string, name: SecretName): string {
  return `${uid}.${name}`;
}

/** New secret values by key; an empty string clears a stored secret. Stored values are never read back. */
export type SecretEdits = Record<string, string>;

const UID = /^[A-Za-z0-9_-]{1,64}$/;

/** Every problem with the list, each naming its field as the backend would (`jsonData.dataSources[1].url …`). */
export function validateSources(sources: readonly SourceConfig[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let defaults = 0;
  sources.forEach((s, i) => {
    const at = `jsonData.dataSources[${i}]`;
    if (!UID.test(s.uid)) {
      problems.push(`${at}.uid must be 1–64 of A–Z, a–z, 0–9, _ and -, not ${JSON.stringify(s.uid)}`);
    } else if (seen.has(s.uid)) {
      problems.push(`${at}.uid ${JSON.stringify(s.uid)} is used by an earlier source`);
    }
    seen.add(s.uid);
    if (s.kind === 'pyroscope') {
      if (!s.url) {
        problems.push(`${at}.url is required for a pyroscope source`);
      } else if (!isHttpUrl(s.url)) {
        problems.push(`${at}.url must be an absolute http(s) URL, not ${JSON.stringify(s.url)}`);
      }
    }
    if (s.timeoutSeconds !== undefined && !(s.timeoutSeconds > 0 && s.timeoutSeconds <= 600)) {
      problems.push(`${at}.timeoutSeconds must be in (0, 600], not ${s.timeoutSeconds}`);
    }
    if (s.default) {
      defaults++;
    }
  });
  if (defaults > 1) {
    problems.push(`jsonData.dataSources: at most one source may be the default, ${defaults} are`);
  }
  return problems;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Drops empty optional fields so the stored JSON says only what the user set. */
export function cleanSource(s: SourceConfig): SourceConfig {
  const out: SourceConfig = { uid: s.uid.trim(), kind: s.kind };
  const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const name = text(s.name);
  if (name) {
    out.name = name;
  }
  if (s.kind === 'pyroscope') {
    const url = text(s.url);
    const tenant = text(s.tenant);
    const user = text(s.basicAuthUser);
    if (url) {
      out.url = url;
    }
    if (tenant) {
      out.tenant = tenant;
    }
    if (user) {
      out.basicAuthUser = user;
    }
    if (s.timeoutSeconds !== undefined) {
      out.timeoutSeconds = s.timeoutSeconds;
    }
  }
  if (s.default) {
    out.default = true;
  }
  return out;
}

/**
 * The body of Grafana's `POST /api/plugins/<id>/settings`: jsonData with the cleaned list (other
 * jsonData fields kept), and only the secrets the user typed or cleared. Secrets of sources no
 * longer listed are cleared so a removed source leaves nothing behind.
 */
export function settingsUpdate(
  current: { enabled?: boolean; pinned?: boolean; jsonData?: AppJsonData; secureJsonFields?: Record<string, boolean> },
  sources: readonly SourceConfig[],
  edits: SecretEdits
) {
  const cleaned = sources.map(cleanSource);
  const secureJsonData: Record<string, string> = {};
  const uids = new Set(cleaned.map((s) => s.uid));
  for (const [key, set] of Object.entries(current.secureJsonFields ?? {})) {
    const uid = key.slice(0, key.lastIndexOf('.'));
    if (set && !uids.has(uid)) {
      secureJsonData[key] = '';
    }
  }
  for (const [key, value] of Object.entries(edits)) {
    const uid = key.slice(0, key.lastIndexOf('.'));
    if (uids.has(uid)) {
      secureJsonData[key] = value;
    }
  }
  return {
    enabled: current.enabled ?? true,
    pinned: current.pinned ?? true,
    jsonData: { ...(current.jsonData ?? {}), dataSources: cleaned },
    secureJsonData,
  };
}
