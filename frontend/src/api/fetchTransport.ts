import { ApiError, WireFormatError, errorMessageFromBody } from './errors';
import type { Transport } from './transport';

/**
 * Transport over the Fetch API, for the standalone page (same origin, baseUrl '') and for Node tests
 * (an absolute baseUrl such as http://127.0.0.1:4040).
 */
export class FetchTransport implements Transport {
  constructor(
    private readonly baseUrl = '',
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init)
  ) {}

  async getJson(path: string, signal?: AbortSignal): Promise<unknown> {
    const response = await this.fetchImpl(this.baseUrl + path, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      signal,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new ApiError(path, response.status, errorMessageFromBody(response.status, response.statusText, parseMaybeJson(text)));
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new WireFormatError(path, `body is not JSON (${text.length === 0 ? 'empty' : JSON.stringify(text.slice(0, 80))})`);
    }
  }
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
