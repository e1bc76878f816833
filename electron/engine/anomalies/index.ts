/** The anomaly engine's public surface, for rating, the API, the CLI and the UI. */
export { detectAnomalies, findAnomalies, type DetectResult } from './detect';
export { acknowledgeAnomaly, dismissAnomaly, getAnomaly, listAnomalyRecords, reopenAnomaly, type AnomalyRecord, type AnomalyStatus } from './review';
export { listRules, readRuleSettings, updateRuleSettings, ANOMALY_RULES_KEY, type RuleInfo, type RuleSettingsPatch, type RuleThresholdInfo } from './settings';
export { anomalySources, anomalySourcesCsv, anomalySourcesCsvLines, type AgreementSourceRow, type AnomalySources } from './sources';
export { dataQualitySummary, type DataQualityScope, type DataQualitySummary } from './data-quality';
export { RULES } from './rules';
export type { Finding, Rule, SourceRef } from './types';
