/**
 * Turns zod issues into one-line messages that name the JSON path, the rule broken and the value
 * received, e.g. `buildings[12].height: must be > 0 (got -3)`.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** `["buildings", 12, "height"]` → `buildings[12].height`; the empty path is `(root)`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

function valueAtPath(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function ruleOf(issue: Issue): string {
  switch (issue.code) {
    case 'too_small': {
      const bound = String(issue.minimum);
      if (issue.origin === 'array') return `must hold at least ${bound} item(s)`;
      if (issue.origin === 'string') return `must be at least ${bound} character(s) long`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${bound}`;
    }
    case 'too_big': {
      const bound = String(issue.maximum);
      if (issue.origin === 'array') return `must hold at most ${bound} item(s)`;
      if (issue.origin === 'string') return `must be at most ${bound} character(s) long`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${bound}`;
    }
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be an integer' : `must be ${/^[aeiou]/.test(String(issue.expected)) ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown key(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
    case 'invalid_union':
      return 'matches none of the accepted shapes';
    case 'invalid_format':
      return issue.message;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/** One line per issue; custom issues already carry their own rule and value. */
export function formatValidationIssues(issues: readonly Issue[], input: unknown): string[] {
  return issues.map((issue) => {
    const path = formatJsonPath(issue.path);
    if (issue.code === 'custom' || issue.code === 'unrecognized_keys') return `${path}: ${ruleOf(issue)}`;
    return `${path}: ${ruleOf(issue)} (got ${describeValue(valueAtPath(input, issue.path))})`;
  });
}

/** Raised when a WorldSpec or generator params fail validation; `issues` holds one line per broken rule. */
export class WorldValidationError extends Error {
  readonly issues: readonly string[];

  constructor(subject: string, issues: readonly string[]) {
    const shown = issues.slice(0, 8);
    const more = issues.length > shown.length ? `\n  ... and ${issues.length - shown.length} more` : '';
    super(`invalid ${subject}:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'WorldValidationError';
    this.issues = issues;
  }
}
