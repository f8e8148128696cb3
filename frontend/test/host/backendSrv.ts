import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { Observable } from 'rxjs';

/**
 * The part of Grafana's backend service that plugins call (`fetch`), over the browser's fetch, with
 * Grafana's conventions: JSON bodies parsed, non-2xx answers rejected as a FetchError {status, data}.
 */
export function createHostBackendSrv(): BackendSrv {
  const fetchObservable = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      options.abortSignal?.addEventListener('abort', () => controller.abort());
      const url = new URL(options.url, window.location.origin);
      for (const [key, value] of Object.entries(options.params ?? {})) {
        url.searchParams.set(key, String(value));
      }
      const hasBody = options.data !== undefined;
      // As Grafana's parseBody: a Blob goes through as it is, anything else is JSON-encoded.
      const isBlob = options.data instanceof Blob;
      window
        .fetch(url, {
          method: options.method ?? 'GET',
          headers: { Accept: 'application/json', ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
          body: isBlob ? (options.data as Blob) : hasBody ? JSON.stringify(options.data) : undefined,
          signal: controller.signal,
        })
        .then(async (response) => {
          const text = await response.text();
          let data: unknown = text;
          try {
            data = text === '' ? undefined : JSON.parse(text);
          } catch {
            // Not JSON: Grafana hands the raw text on.
          }
          if (!response.ok) {
            const error: FetchError = { status: response.status, statusText: response.statusText, data, config: options };
            subscriber.error(error);
            return;
          }
          subscriber.next({
            data: data as T,
            status: response.status,
            statusText: response.statusText,
            ok: response.ok,
            headers: response.headers,
            redirected: response.redirected,
            type: response.type,
            url: response.url,
            config: options,
          });
          subscriber.complete();
        })
        .catch((error: unknown) => subscriber.error(error));
      return () => controller.abort();
    });

  const unsupported = (name: string) => () => {
    throw new Error(`test host: BackendSrv.${name} is not provided; plugins should use fetch()`);
  };
  return {
    fetch: fetchObservable,
    get: unsupported('get'),
    post: unsupported('post'),
    put: unsupported('put'),
    patch: unsupported('patch'),
    delete: unsupported('delete'),
    request: unsupported('request'),
    datasourceRequest: unsupported('datasourceRequest'),
    resolveCancelerIfExists: () => {},
    chunked: unsupported('chunked'),
  } as unknown as BackendSrv;
}
