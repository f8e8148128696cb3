// Message types from the project's own .proto files (backend/proto), and the full method paths Grafana
// (through hashicorp/go-plugin) calls. The .proto files hold only messages, so the paths are spelled here,
// exactly as grafana-plugin-sdk-go's generated clients and go-plugin spell them.
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import protobuf from 'protobufjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const protoRoot = join(repoRoot, 'backend', 'proto');

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(protoRoot, target);
root.loadSync(['pluginv2/backend.proto', 'goplugin/goplugin.proto', 'grpc/health/v1/health.proto'], { keepCase: true });
root.resolveAll();

export const types = {
  CheckHealthRequest: root.lookupType('pluginv2.CheckHealthRequest'),
  CheckHealthResponse: root.lookupType('pluginv2.CheckHealthResponse'),
  CollectMetricsRequest: root.lookupType('pluginv2.CollectMetricsRequest'),
  CollectMetricsResponse: root.lookupType('pluginv2.CollectMetricsResponse'),
  CallResourceRequest: root.lookupType('pluginv2.CallResourceRequest'),
  CallResourceResponse: root.lookupType('pluginv2.CallResourceResponse'),
  QueryDataRequest: root.lookupType('pluginv2.QueryDataRequest'),
  QueryDataResponse: root.lookupType('pluginv2.QueryDataResponse'),
  Empty: root.lookupType('plugin.Empty'),
  StdioData: root.lookupType('plugin.StdioData'),
  HealthCheckRequest: root.lookupType('grpc.health.v1.HealthCheckRequest'),
  HealthCheckResponse: root.lookupType('grpc.health.v1.HealthCheckResponse'),
};

export const methods = {
  CheckHealth: '/pluginv2.Diagnostics/CheckHealth',
  CollectMetrics: '/pluginv2.Diagnostics/CollectMetrics',
  CallResource: '/pluginv2.Resource/CallResource',
  QueryData: '/pluginv2.Data/QueryData',
  BrokerStartStream: '/plugin.GRPCBroker/StartStream',
  StreamStdio: '/plugin.GRPCStdio/StreamStdio',
  Shutdown: '/plugin.GRPCController/Shutdown',
  HealthCheck: '/grpc.health.v1.Health/Check',
};

const toObjectOptions = { longs: String, enums: String, defaults: true, arrays: true, objects: true };

/** protobufjs serializer/deserializer pair for @grpc/grpc-js. */
export function codec(requestType, responseType) {
  return {
    // fromObject accepts int64 as decimal strings and enums by name, as the tests write them.
    serialize: (value) => Buffer.from(requestType.encode(requestType.fromObject(value)).finish()),
    deserialize: (bytes) => responseType.toObject(responseType.decode(bytes), toObjectOptions),
  };
}

/** Sends bytes exactly as given: for malformed-request tests. */
export const rawSerialize = (bytes) => bytes;
export const rawDeserialize = (bytes) => bytes;
