// The gRPC side of Grafana: a channel dialled like go-plugin's (authority "unused", insecure h2c,
// message limits of 2 GiB), the two background streams go-plugin opens right after connecting, and
// helpers for each pluginv2 call.
import grpc from '@grpc/grpc-js';
import { types, methods, codec, rawSerialize, rawDeserialize } from './protocol.mjs';

const MAX_MESSAGE = 2147483647;
const CALL_TIMEOUT_MS = 60_000;

export class GrafanaClient {
  constructor(target) {
    this.client = new grpc.Client(target, grpc.credentials.createInsecure(), {
      'grpc.default_authority': 'unused',
      'grpc.max_receive_message_length': MAX_MESSAGE,
      'grpc.max_send_message_length': MAX_MESSAGE,
    });
    this.background = [];
  }

  /**
   * What go-plugin does right after dialling, without waiting: GRPCBroker/StartStream (bidi, nothing
   * sent unless a broker connection is needed) and GRPCStdio/StreamStdio; errors are ignored.
   */
  openGoPluginStreams() {
    const broker = this.client.makeBidiStreamRequest(methods.BrokerStartStream, rawSerialize, rawDeserialize, new grpc.Metadata(), {});
    broker.on('error', () => {});
    broker.on('data', () => {});
    const stdio = this.client.makeServerStreamRequest(
      methods.StreamStdio, rawSerialize, rawDeserialize, Buffer.alloc(0), new grpc.Metadata(), {});
    this.stdioEnded = null; // how the StreamStdio call ended, if it did: { code, details } or { code: 'end' }
    this.stdioMessages = 0;
    stdio.on('error', (e) => { this.stdioEnded ??= { code: e.code, details: e.details }; });
    stdio.on('end', () => { this.stdioEnded ??= { code: 'end' }; });
    stdio.on('data', () => { this.stdioMessages++; });
    this.background.push(broker, stdio);
  }

  unary(path, requestType, responseType, request, timeoutMs = CALL_TIMEOUT_MS) {
    const { serialize, deserialize } = codec(requestType, responseType);
    return this.unaryRaw(path, serialize, deserialize, request, timeoutMs);
  }

  /** Resolves with { response } or { error } (a grpc status error); never rejects. */
  unaryRaw(path, serialize, deserialize, request, timeoutMs = CALL_TIMEOUT_MS) {
    return new Promise((resolveCall) => {
      this.client.makeUnaryRequest(path, serialize, deserialize, request, new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, response) => resolveCall(error ? { error } : { response }));
    });
  }

  async checkHealth(pluginContext) {
    return this.unary(methods.CheckHealth, types.CheckHealthRequest, types.CheckHealthResponse, { pluginContext, headers: {} });
  }

  async collectMetrics(pluginContext) {
    return this.unary(methods.CollectMetrics, types.CollectMetricsRequest, types.CollectMetricsResponse, { pluginContext });
  }

  async queryData(request) {
    return this.unary(methods.QueryData, types.QueryDataRequest, types.QueryDataResponse, request);
  }

  async healthCheck(service) {
    return this.unary(methods.HealthCheck, types.HealthCheckRequest, types.HealthCheckResponse, { service });
  }

  async shutdown() {
    return this.unary(methods.Shutdown, types.Empty, types.Empty, {}, 5_000);
  }

  /** CallResource: collects every streamed message; resolves { messages, error? }. */
  callResource(request, timeoutMs = CALL_TIMEOUT_MS) {
    const { serialize, deserialize } = codec(types.CallResourceRequest, types.CallResourceResponse);
    return new Promise((resolveCall) => {
      const messages = [];
      const call = this.client.makeServerStreamRequest(methods.CallResource, serialize, deserialize, request,
        new grpc.Metadata(), { deadline: Date.now() + timeoutMs });
      call.on('data', (m) => messages.push(m));
      call.on('error', (error) => resolveCall({ messages, error }));
      call.on('end', () => resolveCall({ messages }));
    });
  }

  close() {
    for (const call of this.background) call.cancel();
    this.client.close();
  }
}

/**
 * Composes the HTTP response Grafana's resource API would send (pkg/api/plugin_resource.go): code and
 * headers from the first message, bodies of every message in order. Throws on what Grafana would turn
 * into a 500: no message, or a first code outside 100..999.
 */
export function composeHttpResponse({ messages, error }) {
  if (messages.length === 0) {
    throw new Error(`received empty resource response${error ? ` (gRPC ${error.code}: ${error.details})` : ''}`);
  }
  const [first] = messages;
  if (!(first.code >= 100 && first.code <= 999)) throw new Error(`first CallResourceResponse has code ${first.code}: Go's WriteHeader would panic`);
  const headers = {};
  for (const [k, v] of Object.entries(first.headers)) headers[k.toLowerCase()] = v.values;
  return {
    status: first.code,
    headers,
    body: Buffer.concat(messages.map((m) => m.body)),
    messages,
    error,
  };
}
