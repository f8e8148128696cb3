import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { ApiError, errorMessageFromBody } from './errors';
import type { Transport } from './transport';

/**
 * Transport through Grafana's backend service, used when the app runs inside Grafana. Grafana's own
 * error toasts are switched off: every view shows its errors in place.
 */
export class GrafanaTransport implements Transport {
  async getJson(path: string, signal?: AbortSignal): Promise<unknown> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<unknown>({
          url: path,
          method: 'GET',
          showErrorAlert: false,
          showSuccessAlert: false,
          abortSignal: signal,
        })
      );
      return response.data;
    } catch (error) {
      if (isFetchError(error)) {
        throw new ApiError(path, error.status, errorMessageFromBody(error.status, error.statusText ?? '', error.data));
      }
      throw error;
    }
  }
}
