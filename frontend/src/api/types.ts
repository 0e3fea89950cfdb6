// Names for the shapes of the API, all taken from the types generated from the server's OpenAPI
// document (src/generated/api.ts, made by `npm run generate`): an API change breaks `tsc`, not the page.
import type { components, operations } from '../generated/api';

type Schemas = components['schemas'];

export type UsageLog = Schemas['UsageLog'];
export type UsageLogsPage = Schemas['UsageLogsPage'];
export type LogDetection = Schemas['LogDetection'];
export type AnalyticsResponse = Schemas['AnalyticsResponse'];
export type Metrics = Schemas['Metrics'];
export type ProviderAnalytics = Schemas['ProviderAnalytics'];
export type DailyPoint = Schemas['DailyPoint'];
export type CategoryComparison = Schemas['CategoryComparison'];
export type Provider = Schemas['Provider'];
export type ProvidersResponse = Schemas['ProvidersResponse'];
export type AuthConfig = Schemas['AuthConfig'];
export type DemoToken = Schemas['DemoToken'];
export type ApiErrorBody = Schemas['Error'];
export type TrendsResponse = Schemas['TrendsResponse'];
export type ProviderTrend = Schemas['ProviderTrend'];
export type TrendMonth = Schemas['TrendMonth'];
export type RecommendationsResponse = Schemas['RecommendationsResponse'];
export type Recommendation = Schemas['Recommendation'];
export type RecommendationObservation = Schemas['RecommendationObservation'];
export type Price = Schemas['Price'];

export type UsageLogsQuery = NonNullable<operations['listUsageLogs']['parameters']['query']>;
export type CsvExportQuery = NonNullable<operations['exportUsageLogs']['parameters']['query']>;
export type AnalyticsQuery = NonNullable<operations['providerAnalytics']['parameters']['query']>;
export type TrendsQuery = NonNullable<operations['providerTrends']['parameters']['query']>;
export type RecommendationsQuery = NonNullable<operations['providerRecommendations']['parameters']['query']>;
export type LogStatus = NonNullable<UsageLogsQuery['status']>;
