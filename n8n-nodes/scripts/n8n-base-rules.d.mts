import type { Linter } from 'eslint';

export declare const credentialsRules: Linter.RulesRecord;
export declare const nodesRules: Linter.RulesRecord;
