// Entry point of the nested data source plugin (built as datasource/module.js, an AMD module whose
// Grafana packages are provided by Grafana at load time).
import { DataSourcePlugin } from '@grafana/data';

import { DataSource, type HotpathDataSourceOptions } from './DataSource';
import type { HotpathQuery } from './query';
import { QueryEditor } from './QueryEditor';

export const plugin = new DataSourcePlugin<DataSource, HotpathQuery, HotpathDataSourceOptions>(DataSource).setQueryEditor(QueryEditor);
