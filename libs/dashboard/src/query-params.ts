/** Query parameters of dashboard pages, checked so a bad link gets a 400 naming the parameter. */
export class DashboardBadRequest extends Error {}

export type QueryInput = Record<string, unknown>;

export function optionalText(query: QueryInput, name: string, maxLength = 512): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new DashboardBadRequest(`${name}: give it once, as text`);
  if (value.length > maxLength)
    throw new DashboardBadRequest(`${name}: at most ${maxLength} characters`);
  return value;
}

export function optionalChoice<T extends string>(
  query: QueryInput,
  name: string,
  choices: readonly T[],
): T | undefined {
  const value = optionalText(query, name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new DashboardBadRequest(`${name}: one of ${choices.join(', ')} (got "${value}")`);
  return value as T;
}

export function integerParam(
  query: QueryInput,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = optionalText(query, name, 12);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new DashboardBadRequest(`${name}: a whole number from ${min} to ${max} (got "${value}")`);
  return Number(value);
}
