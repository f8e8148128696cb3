// Names for the routes' JSON shapes, all generated from the contract (docs/openapi.yaml →
// wire.gen.ts by `npm run generate:api`); nothing here is written by hand but the names.
import type { components } from './wire.gen';

type S = components['schemas'];

export type ProfileType = S['ProfileType'];
export type ProfileCategory = S['ProfileCategory'];
export type Series = S['Series'];
export type SeriesStats = S['SeriesStats'];
export type StatsResponse = S['StatsAnswer'];
export type ServicesResponse = S['ServiceList'];
export type ServiceInfo = S['ServiceEntry'];
export type SeriesResponse = S['SeriesAnswer'];
export type ServiceResponse = S['ServiceAnswer'];
export type LabelSummary = S['LabelSummary'];
export type LabelsResponse = S['LabelsAnswer'];
export type DataSourceInfo = S['DataSource'];
export type DataSourceKind = S['DataSourceKind'];
export type DataSourcesResponse = S['DataSourceList'];
export type HealthStatus = S['HealthStatus'];
export type SourceHealth = S['SourceHealth'];
export type HealthResponse = S['HealthReport'];
export type FlameGraph = S['FlameGraph'];
export type DiffFlameGraph = S['DiffFlameGraph'];
export type FunctionRow = S['FunctionRow'];
export type FunctionTable = S['FunctionTable'];
export type DiffFunctionRow = S['DiffFunctionRow'];
export type DiffFunctionTable = S['DiffFunctionTable'];
export type FlameGraphResponse = S['FlameGraphAnswer'];
export type SandwichResponse = S['SandwichAnswer'];
export type DiffResponse = S['DiffAnswer'];
export type FunctionDetailsResponse = S['FunctionDetailsAnswer'];
export type FunctionLine = S['FunctionLine'];
export type FunctionNeighbour = S['FunctionNeighbour'];
export type CallTreeResponse = S['CallTreeAnswer'];
export type CallTreeNode = S['CallTreeNode'];
export type AdhocProfile = S['AdhocProfile'];
export type FavoriteView = S['FavoriteView'];
export type Favorite = S['Favorite'];
/** What POST favorites takes (the contract's FavoriteInput, without its nulls). */
export type FavoriteContent = Omit<Favorite, 'id' | 'createdMs'>;
export type UserSettings = S['UserSettings'];
