// The six dashboards (docs/spec.md §5) in tab order, and their tab bar: one list
// for the page and the embeddable element.
import * as stateOfTheUnion from './state-of-the-union.js';
import * as pipeline from './pipeline.js';
import * as teamActivity from './team-activity.js';
import * as performance from './performance.js';
import * as stageAnalysis from './stage-analysis.js';
import * as reps from './reps.js';

export const DASHBOARDS = [stateOfTheUnion, pipeline, teamActivity, performance, stageAnalysis, reps];
export { tabButtons } from './common.js';
