/** A resource route answered with a non-2xx status; message is the server's own explanation when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A route answered 2xx but the JSON is not the shape the contract promises. */
export class WireFormatError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string
  ) {
    super(`${path}: unexpected response: ${detail}`);
    this.name = 'WireFormatError';
  }
}

/**
 * Picks the human-readable part of an error body. Hotpath's routes and Grafana's own proxy errors
 * both answer {"message": "..."} (Hotpath adds "kind"); {"error": "..."} is read too, for other
 * proxies in between; anything else is shown raw.
 */
export function errorMessageFromBody(status: number, statusText: string, body: unknown): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'error']) {
      const value = record[key];
      if (typeof value === 'string' && value.trim() !== '') {
        return value;
      }
    }
  }
  if (typeof body === 'string' && body.trim() !== '') {
    return body.length > 300 ? `${body.slice(0, 300)}…` : body;
  }
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}
