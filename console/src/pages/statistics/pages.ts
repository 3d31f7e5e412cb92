// The statistics, data-exchange and county-report pages: one chunk, loaded on first use
// (App.tsx imports it lazily), as few viewers ever open them.
export { CountyReportPage } from './CountyReportPage';
export { DataExchangeDetailPage, DataExchangeFormPage, DataExchangesPage } from './DataExchangePages';
export { StatisticsDetailPage } from './StatisticsDetailPage';
export { StatisticsFormPage } from './StatisticsFormPage';
export { StatisticsListPage } from './StatisticsListPage';
