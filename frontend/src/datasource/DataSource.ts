import type { CoreApp, DataSourceInstanceSettings, DataSourceJsonData, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { defaultQuery, interpolateQuery, withDefaults, type HotpathQuery } from './query';

/** The nested data source's settings (jsonData). */
export interface HotpathDataSourceOptions extends DataSourceJsonData {}

/**
 * Queries run in the backend (QueryData), which answers with Grafana frames: a time series per label
 * set for 'metrics', a nested-set flame-graph frame for 'profile'.
 */
export class DataSource extends DataSourceWithBackend<HotpathQuery, HotpathDataSourceOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<HotpathDataSourceOptions>) {
    super(instanceSettings);
  }

  override getDefaultQuery(_app: CoreApp): Partial<HotpathQuery> {
    return defaultQuery();
  }

  /** A query without a profile type has nothing to ask; hidden queries are skipped as everywhere in Grafana. */
  override filterQuery(query: HotpathQuery): boolean {
    return !query.hide && (query.profileTypeId ?? '').trim() !== '';
  }

  override applyTemplateVariables(query: HotpathQuery, scopedVars: ScopedVars): HotpathQuery {
    const templateSrv = getTemplateSrv();
    return interpolateQuery(withDefaults(query), (text) => templateSrv.replace(text, scopedVars));
  }
}
