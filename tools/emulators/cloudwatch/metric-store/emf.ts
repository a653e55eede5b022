import type { Datapoint } from './types';

/** Thrown for a line that is EMF (it has `_aws`) but breaks the specification; the message says how. */
export class EmfFormatError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmfFormatError';
  }
}

/** Limits from the EMF specification. */
const MAX_DIMENSIONS_PER_SET = 30;
const MAX_METRICS_PER_DIRECTIVE = 100;
const MAX_VALUES_PER_METRIC = 100;

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Reads one log line as CloudWatch Logs reads embedded metric format (EMF): the datapoints it
 * publishes, one per metric value and dimension set. `undefined` when the line is not EMF (not a
 * JSON object with an `_aws` member): an ordinary log line.
 *
 * Per the specification: `_aws.Timestamp` is epoch milliseconds; each `_aws.CloudWatchMetrics[]`
 * directive has a `Namespace`, `Dimensions` (an array of dimension-name arrays: every set publishes
 * its own metric) and `Metrics` (`{ Name, Unit? }`, Unit `None` when absent); dimension values and
 * metric values are members of the root, a dimension a string, a value a number or an array of up to
 * 100 numbers (one datapoint each). An empty `Dimensions` array publishes the metric without dimensions.
 *
 * @throws {EmfFormatError} when the line has `_aws` but is not valid EMF, naming the problem
 * (a missing Timestamp, a dimension without a string value, a metric without a numeric value...).
 * @example
 * ```ts
 * parseEmfLine('{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[["service"]],"Metrics":[{"Name":"Sold","Unit":"Count"}]}]},"service":"shop","Sold":[1,2]}');
 * // two datapoints: Sold 1 and Sold 2, dimensions { service: 'shop' }
 * ```
 */
export function parseEmfLine(line: string): Datapoint[] | undefined {
  const root = parseRoot(line);
  if (root === undefined) return undefined;
  const metadata = root['_aws'];
  if (!isRecord(metadata)) throw new EmfFormatError(`EMF _aws is not an object: ${excerpt(line)}`);
  const timestamp = metadata['Timestamp'];
  if (!isNumber(timestamp)) throw new EmfFormatError(`EMF _aws.Timestamp is missing or not a number of epoch milliseconds: ${excerpt(line)}`);
  const directives = metadata['CloudWatchMetrics'];
  if (!Array.isArray(directives)) throw new EmfFormatError(`EMF _aws.CloudWatchMetrics is missing or not an array: ${excerpt(line)}`);
  return directives.flatMap((directive: unknown, i) => readDirective(root, directive, `_aws.CloudWatchMetrics[${i}]`, timestamp, line));
}

/** The line as a JSON object when it carries `_aws`; Lambda may put its own metadata before the JSON. */
function parseRoot(line: string): Json | undefined {
  const start = line.indexOf('{');
  if (start < 0 || !line.includes('"_aws"')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(start));
  } catch {
    return undefined; // a log line mentioning "_aws" that is not JSON is not EMF
  }
  return isRecord(parsed) && '_aws' in parsed ? parsed : undefined;
}

function readDirective(root: Json, directive: unknown, where: string, timestamp: number, line: string): Datapoint[] {
  if (!isRecord(directive)) throw new EmfFormatError(`EMF ${where} is not an object: ${excerpt(line)}`);
  const namespace = directive['Namespace'];
  if (typeof namespace !== 'string' || namespace.length === 0 || namespace.length > 255) {
    throw new EmfFormatError(`EMF ${where}.Namespace is missing or not a string of 1–255 characters: ${excerpt(line)}`);
  }
  const dimensionSets = readDimensionSets(root, directive['Dimensions'], `${where}.Dimensions`, line);
  const metrics = directive['Metrics'];
  if (!Array.isArray(metrics) || metrics.length > MAX_METRICS_PER_DIRECTIVE) {
    throw new EmfFormatError(`EMF ${where}.Metrics is missing, not an array, or longer than ${MAX_METRICS_PER_DIRECTIVE}: ${excerpt(line)}`);
  }
  return metrics.flatMap((definition: unknown, i) => {
    const at = `${where}.Metrics[${i}]`;
    if (!isRecord(definition) || typeof definition['Name'] !== 'string' || definition['Name'] === '') {
      throw new EmfFormatError(`EMF ${at} has no Name: ${excerpt(line)}`);
    }
    const metricName = definition['Name'];
    const unit = definition['Unit'] ?? 'None';
    if (typeof unit !== 'string') throw new EmfFormatError(`EMF ${at} (${metricName}) has a Unit that is not a string: ${excerpt(line)}`);
    const values = readValues(root[metricName], `${at} (${metricName})`, line);
    return dimensionSets.flatMap((dimensions) => values.map((value) => ({ namespace, metricName, dimensions, timestamp, value, unit })));
  });
}

function readDimensionSets(root: Json, sets: unknown, where: string, line: string): Record<string, string>[] {
  if (!Array.isArray(sets)) throw new EmfFormatError(`EMF ${where} is missing or not an array of dimension sets: ${excerpt(line)}`);
  if (sets.length === 0) return [{}];
  return sets.map((set: unknown, i) => {
    if (!Array.isArray(set) || set.length > MAX_DIMENSIONS_PER_SET || !set.every((name) => typeof name === 'string')) {
      throw new EmfFormatError(`EMF ${where}[${i}] is not an array of at most ${MAX_DIMENSIONS_PER_SET} dimension names: ${excerpt(line)}`);
    }
    const dimensions: Record<string, string> = {};
    for (const name of set as string[]) {
      const value = root[name];
      if (typeof value !== 'string') throw new EmfFormatError(`EMF dimension "${name}" (${where}[${i}]) has no string value at the root: ${excerpt(line)}`);
      dimensions[name] = value;
    }
    return dimensions;
  });
}

function readValues(value: unknown, where: string, line: string): number[] {
  if (isNumber(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.length <= MAX_VALUES_PER_METRIC && value.every(isNumber)) return value;
  throw new EmfFormatError(`EMF ${where} has no value at the root: a number or an array of 1–${MAX_VALUES_PER_METRIC} numbers is required: ${excerpt(line)}`);
}

/** Enough of the line to recognise it. */
function excerpt(text: string): string {
  const max = 160;
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
