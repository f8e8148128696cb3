import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { ApiError, errorMessageFromBody } from './errors';
import { isBinaryBody, type Transport, type TransportRequest } from './transport';

/**
 * Transport through Grafana's backend service, used when the app runs inside Grafana. Grafana's own
 * error toasts are switched off: every view shows its errors in place.
 */
export class GrafanaTransport implements Transport {
  getJson(path: string, signal?: AbortSignal): Promise<unknown> {
    return this.request(path, { method: 'GET', signal });
  }

  async request(path: string, request: TransportRequest): Promise<unknown> {
    const binary = isBinaryBody(request.body);
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<unknown>({
          url: path,
          method: request.method,
          // Grafana's backend service JSON-encodes plain values and passes a Blob through untouched.
          data: binary ? new Blob([request.body as BlobPart]) : request.body,
          headers: binary ? { 'Content-Type': 'application/octet-stream' } : undefined,
          showErrorAlert: false,
          showSuccessAlert: false,
          abortSignal: request.signal,
        })
      );
      return response.data === '' || response.data === null ? undefined : response.data;
    } catch (error) {
      if (isFetchError(error)) {
        throw new ApiError(path, error.status, errorMessageFromBody(error.status, error.statusText ?? '', error.data));
      }
      throw error;
    }
  }
}
