/** A request with a method and an optional body, for routes that change state or take a file. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** JSON bodies are given as values and sent as `application/json`; files as Blob or ArrayBuffer, sent as-is. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * How the typed API reaches the backend. Inside Grafana it is Grafana's backend service (which adds
 * auth, org and CSRF headers); in the standalone page it is the browser's fetch. Both resolve with the
 * parsed JSON body of a 2xx answer (`undefined` for an empty one, such as 204) and reject with
 * ApiError otherwise.
 */
export interface Transport {
  getJson(path: string, signal?: AbortSignal): Promise<unknown>;
  request(path: string, request: TransportRequest): Promise<unknown>;
}

/** True for bodies sent as raw bytes rather than JSON. */
export function isBinaryBody(body: unknown): body is Blob | ArrayBuffer | Uint8Array {
  return (typeof Blob !== 'undefined' && body instanceof Blob) || body instanceof ArrayBuffer || body instanceof Uint8Array;
}
