/** One problem with a submitted document; `path` is an XPath for XML input and a JSON pointer for JSON. */
export interface ErrorItem {
  path: string;
  code: string;
  severity: 'fatal' | 'error' | 'warning';
  message: string;
}

/** The body of every error response. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: ErrorItem[];
  /** Present on 500s; the same id is in the log line that holds the details. */
  errorId?: string;
  /** Health checks only: the state of each dependency. */
  info?: unknown;
  error?: unknown;
  details?: unknown;
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
