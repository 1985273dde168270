// The M&E engine in one import: periods, expressions, numbers and validation. Pure
// TypeScript with no I/O, shared by the server, the web app and the offline app so all
// three compute exactly the same thing.

export * from './periods.ts';
export * from './expression.ts';
export * from './numbers.ts';
export {
  checkElementValue,
  checkValidationRule,
  evaluateValidationRule,
  ruleReferences,
  runValidation,
  elementValueLookup,
  VALIDATION_OPERATORS,
  VALUE_TYPES,
  ValidationRuleError,
} from './validation.ts';
export type {
  ElementCheckOptions,
  ElementCheckResult,
  ElementErrorCode,
  ElementRules,
  ElementValue,
  Importance,
  RuleOutcome,
  RuleProblem,
  RuleSide,
  RuleStatus,
  ValidationOperator,
  ValidationRule,
  ValidationViolation,
  ValueType,
} from './validation.ts';
export * from './schemas.ts';
