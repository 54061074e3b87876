/** The Wilson score interval of a success rate (Wilson 1927): honest at small n and near 0 or 1, unlike the normal approximation. */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): [number, number] {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials < 0 || successes < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval: ${successes} successes of ${trials} trials is not accepted; accepted: whole numbers, 0 <= successes <= trials`);
  }
  if (trials === 0) return [0, 1];
  const p = successes / trials, z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
