import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Every environment variable the product reads. Only this class reads `process.env`;
 * a missing or bad variable stops start-up with a list of every problem.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** PostgreSQL connection string; the database is created at start-up if missing. */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/fiu';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Redis used by BullMQ. Redis carries work only; PostgreSQL keeps every record. */
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix for every queue, so several FIU nodes can share one Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, _ or -' })
  QUEUE_PREFIX = 'fiu';

  /** ISO 3166-1 alpha-2 code of the country this FIU serves. */
  @Matches(/^[A-Z]{2}$/, { message: 'FIU_COUNTRY must be an ISO 3166-1 alpha-2 code such as NL' })
  FIU_COUNTRY = 'XX';

  @IsString()
  @Length(1, 200)
  FIU_NAME = 'Demo Financial Intelligence Unit';

  /** Interface the HTTP apps bind to; 0.0.0.0 inside containers. */
  @IsString()
  @Length(1, 255)
  HTTP_HOST = '127.0.0.1';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  INTAKE_PORT = 3001;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  CONSOLE_PORT = 3002;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  EXCHANGE_PORT = 3003;

  /** Optional path of the FIU's own goAML XSD. */
  @IsOptional()
  @IsString()
  GOAML_XSD?: string;

  /** Optional JSON file of typology rule parameters, laid over the built-in rule set (see docs/typologies.md). */
  @IsOptional()
  @IsString()
  TYPOLOGY_RULES_FILE?: string;

  /** Largest accepted report body, in bytes. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  MAX_REPORT_BYTES = 10 * 1024 * 1024;

  /** How often the outbox relay looks for new rows when idle, in milliseconds. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS = 250;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE = 200;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY = 8;

  /** Attempts per job before it is kept as failed for staff to see. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  JOB_ATTEMPTS = 5;

  /** First retry delay in milliseconds; later ones double. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  JOB_BACKOFF_MS = 1000;

  /** Path of this node's exchange key file (private keys: keep it out of the database and the logs). */
  @IsOptional()
  @IsString()
  EXCHANGE_KEYS_FILE?: string;

  /** Delivery attempts of one message to a partner FIU before it is shown to staff as failed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  EXCHANGE_DELIVERY_ATTEMPTS = 15;

  /** First delivery retry delay; later ones double, with jitter, up to 64 times this. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  EXCHANGE_BACKOFF_MS = 2000;

  /** How often the worker looks for exchange requests close to their deadline. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  EXCHANGE_REMINDER_EVERY_MS = 3_600_000;

  /** Deadline of one outbound call to a partner FIU (delivery, JWKS fetch), connection to last byte. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(120_000)
  EXCHANGE_OUTBOUND_TIMEOUT_MS = 15_000;

  /** Largest answer read from a partner FIU (its inbox's answer, its JWKS); the call fails past it. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  EXCHANGE_OUTBOUND_MAX_BYTES = 64 * 1024;

  /**
   * Secret that signs staff access tokens (HS256), at least 32 characters. Every console process
   * must share it. When unset a random one is made at start, so tokens die with the process.
   */
  @IsOptional()
  @IsString()
  @Length(32, 512)
  STAFF_TOKEN_SECRET?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(300)
  @Max(7 * 24 * 3600)
  REFRESH_TOKEN_TTL_SECONDS = 8 * 3600;

  /** Failed logins in a row before an account is locked for LOGIN_LOCK_SECONDS. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_LOCK_SECONDS = 900;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @Transform(toBoolean)
  @IsBoolean()
  LOG_PRETTY = false;

  /**
   * Path of the Ed25519 key file that signs PDF intelligence reports (private keys: mode 0600).
   * Required in production; elsewhere one is generated at .fiu/intelligence-report-keys-<country>.json.
   */
  @IsOptional()
  @IsString()
  INTELLIGENCE_REPORT_KEYS_FILE?: string;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function flatten(errors: ValidationError[], raw: Record<string, unknown>): string[] {
  return errors.map((error) => {
    // A secret's value is never echoed, not even a wrong one.
    const given = !(error.property in raw) ? '(not set)' : /SECRET|PASSWORD/.test(error.property) ? '(hidden)' : JSON.stringify(raw[error.property]);
    return `${error.property}=${given}: ${Object.values(error.constraints ?? {}).join('; ')}`;
  });
}

// Optional variables have no default, so they are not among the instance's own keys.
const OPTIONAL_VARIABLES = ['GOAML_XSD', 'STAFF_TOKEN_SECRET', 'TYPOLOGY_RULES_FILE', 'EXCHANGE_KEYS_FILE', 'INTELLIGENCE_REPORT_KEYS_FILE'];

/** Validates raw variables (normally `process.env`); throws one error listing every problem. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const relevant = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => (known.includes(key) || OPTIONAL_VARIABLES.includes(key)) && value !== ''),
  );
  const config = plainToInstance(EnvironmentVariables, relevant, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(flatten(errors, relevant));
  return config;
}
