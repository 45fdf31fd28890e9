/** What a fuzz run counts and how its failures are told: each kind once, replayable. */
import type { Answer } from './contract.js';
import type { FuzzRequest } from './requests.js';

export interface Failure {
  index: number;
  problem: string;
  request: FuzzRequest;
  answer: Answer;
}

/** Answers per status and per operation, and the slowest requests. */
export class RunStats {
  private readonly statuses = new Map<number, number>();
  private readonly perOperation = new Map<string, Map<number, number>>();
  private slowest: { ms: number; label: string }[] = [];

  record(req: FuzzRequest, answer: Answer): void {
    count(this.statuses, answer.statusCode);
    const op = `${req.method} ${req.operation?.path ?? '(outside the document)'}`;
    const seen = this.perOperation.get(op) ?? new Map<number, number>();
    count(seen, answer.statusCode);
    this.perOperation.set(op, seen);
    this.slowest.push({ ms: answer.ms ?? 0, label: `${answer.statusCode} ${describe(req)}` });
    if (this.slowest.length > 100) this.slowest = this.top(20);
  }

  /** Operations of the list that no request reached. */
  unreached(operations: { method: string; path: string }[]): string[] {
    return operations
      .map((o) => `${o.method.toUpperCase()} ${o.path}`)
      .filter((op) => !this.perOperation.has(op));
  }

  statusLine(): string {
    return [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
  }

  /** One line per operation with its statuses, then the slowest requests. */
  details(): string[] {
    const ops = [...this.perOperation]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([op, seen]) => `${op}: ${[...seen].map(([s, n]) => `${s} x${n}`).join(', ')}`);
    return [...ops, ...this.top(10).map(({ ms, label }) => `${ms.toFixed(0)} ms: ${label}`)];
  }

  private top(n: number) {
    return [...this.slowest].sort((a, b) => b.ms - a.ms).slice(0, n);
  }
}

function count(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function describe(req: FuzzRequest): string {
  return `${req.method} ${req.url.slice(0, 300)} [${req.label.join('; ')}]`;
}

/** The first failure of each kind (problem and operation), with how many there were. */
export function failureSummary(failures: Failure[]): string {
  const kinds = new Map<string, { first: Failure; count: number }>();
  for (const f of failures) {
    const problem = f.problem.replace(/\d+/g, 'N').slice(0, 60);
    const key = `${problem} ${f.request.method} ${f.request.operation?.path}`;
    const kind = kinds.get(key);
    if (kind) kind.count++;
    else kinds.set(key, { first: f, count: 1 });
  }
  return [...kinds.values()]
    .slice(0, 20)
    .map(({ first, count }) => `${count} x ${failureReport(first)}`)
    .join('\n\n');
}

/** A request and its answer on one line. */
export function logLine(index: number, req: FuzzRequest, answer: Answer): string {
  const body =
    req.payload === undefined ? '' : ` body ${JSON.stringify(String(req.payload).slice(0, 500))}`;
  return `#${index} ${describe(req)}${body} -> ${answer.statusCode} ${answer.body.slice(0, 500)}`;
}

function failureReport(f: Failure): string {
  const r = f.request;
  const payload =
    r.payload === undefined ? '' : `\n  body: ${JSON.stringify(String(r.payload).slice(0, 300))}`;
  return [
    `#${f.index} ${f.problem}`,
    `  ${describe(r)}`,
    `  headers: ${JSON.stringify(r.headers).slice(0, 300)}${payload}`,
    `  answer ${f.answer.statusCode}: ${f.answer.body.slice(0, 500)}`,
  ].join('\n');
}
