/**
 * How the typed API reaches the backend. Inside Grafana it is Grafana's backend service (which adds
 * auth, org and CSRF headers); in the standalone page it is the browser's fetch. Both resolve with the
 * parsed JSON body of a 2xx answer and reject with ApiError otherwise.
 */
export interface Transport {
  getJson(path: string, signal?: AbortSignal): Promise<unknown>;
}
