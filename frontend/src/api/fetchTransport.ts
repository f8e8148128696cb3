import { ApiError, WireFormatError, errorMessageFromBody } from './errors';
import { isBinaryBody, type Transport, type TransportRequest } from './transport';

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
    const body = await this.request(path, { method: 'GET', signal });
    if (body === undefined) {
      throw new WireFormatError(path, 'body is not JSON (empty)');
    }
    return body;
  }

  async request(path: string, request: TransportRequest): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (request.body !== undefined) {
      if (isBinaryBody(request.body)) {
        headers['Content-Type'] = 'application/octet-stream';
        body = request.body as BodyInit;
      } else {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(request.body);
      }
    }
    const response = await this.fetchImpl(this.baseUrl + path, { method: request.method, headers, body, signal: request.signal });
    const text = await response.text();
    if (!response.ok) {
      throw new ApiError(path, response.status, errorMessageFromBody(response.status, response.statusText, parseMaybeJson(text)));
    }
    if (text.length === 0) {
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new WireFormatError(path, `body is not JSON (${JSON.stringify(text.slice(0, 80))})`);
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
