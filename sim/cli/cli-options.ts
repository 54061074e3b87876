import { InvalidArgumentError } from 'commander';

/** commander parsers that reject bad numbers with the option's accepted range. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}; got "${value}".`);
    }
    return parsed;
  };
}

export function realNumber(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}; got "${value}".`);
    }
    return parsed;
  };
}

export function oneOf(choices: readonly string[]): (value: string) => string {
  return (value: string) => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}; got "${value}".`);
    return value;
  };
}
