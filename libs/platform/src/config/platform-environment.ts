import { Type } from 'class-transformer';
import { hostname } from 'node:os';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/**
 * Variables every service reads. Services extend it with their own (PORT default and more). Each variable's JSDoc
 * and default are what docs/configuration.md shows (`npm run docs:config` regenerates it).
 */
export class PlatformEnvironment {
  /**
   * `true` only on a developer's machine and in tests (npm start and the test harness set it): lets the service start
   * with the public development defaults of its secrets. Anything else refuses them, naming each variable.
   */
  @IsIn(['true', 'false'])
  COUNTERSIGN_DEVELOPMENT: 'true' | 'false' = 'false';

  /** Kafka bootstrap brokers, comma-separated `host:port`. */
  @IsString()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Postgres; the database is created if missing, and each service uses its own schema. */
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, {
    message: 'DATABASE_URL must look like postgres://user[:password]@host:port/database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/countersign';

  /** Connections in the service's Postgres pool; the outbox relay's leader keeps one for its lock, so at least 2. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** `fatal`, `error`, `warn`, `info`, `debug` or `trace`. */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Partitions of the topics a service creates at start-up. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS = 6;

  /**
   * retention.ms of the audit topics (countersign.audit.events, countersign.audit.checkpoints) when a service creates
   * them: default 184 days, the longest six calendar months (EU AI Act Art. 19(1), 26(6): logs kept at least six
   * months); -1 keeps them forever. At least one hour.
   */
  @Type(() => Number)
  @IsInt()
  @ValidateIf((environment: PlatformEnvironment) => environment.KAFKA_AUDIT_RETENTION_MS !== -1)
  @Min(3_600_000, { message: 'KAFKA_AUDIT_RETENTION_MS must be -1 (forever) or at least 3600000 (one hour)' })
  KAFKA_AUDIT_RETENTION_MS = 184 * 24 * 3600 * 1000;

  /** `true`: connect to the brokers over TLS (kafkajs `ssl`), verifying them against the system CAs or KAFKA_SSL_CA_FILE. */
  @IsIn(['true', 'false'])
  KAFKA_SSL: 'true' | 'false' = 'false';

  /** PEM file of the CA that signed the brokers' certificates (a private CA); setting it turns TLS on. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_SSL_CA_FILE?: string;

  /** PEM client certificate and key for mutual TLS (both or neither); setting them turns TLS on. */
  @ValidateIf((environment: PlatformEnvironment) => environment.KAFKA_SSL_KEY_FILE !== undefined)
  @IsString({ message: 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together' })
  @IsNotEmpty()
  KAFKA_SSL_CERT_FILE?: string;

  /** See KAFKA_SSL_CERT_FILE. */
  @ValidateIf((environment: PlatformEnvironment) => environment.KAFKA_SSL_CERT_FILE !== undefined)
  @IsString({ message: 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together' })
  @IsNotEmpty()
  KAFKA_SSL_KEY_FILE?: string;

  /** SASL authentication to the brokers: `plain`, `scram-sha-256` or `scram-sha-512` (kafkajs `sasl`); unset = none. */
  @IsOptional()
  @IsIn(KAFKA_SASL_MECHANISMS)
  KAFKA_SASL_MECHANISM?: (typeof KAFKA_SASL_MECHANISMS)[number];

  /** The SASL user (the service's principal in the cluster's ACLs); required with KAFKA_SASL_MECHANISM. */
  @ValidateIf((environment: PlatformEnvironment) => environment.KAFKA_SASL_MECHANISM !== undefined)
  @IsString({ message: 'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM' })
  @IsNotEmpty()
  KAFKA_SASL_USERNAME?: string;

  /** The SASL password (a Secret, never a ConfigMap); required with KAFKA_SASL_MECHANISM. */
  @ValidateIf((environment: PlatformEnvironment) => environment.KAFKA_SASL_MECHANISM !== undefined)
  @IsString({ message: 'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM' })
  @IsNotEmpty()
  KAFKA_SASL_PASSWORD?: string;

  /**
   * Unique replica id (the router's policy-listener group, the logs); set it when running several replicas on one host.
   * @default the host name
   */
  @IsString()
  @IsNotEmpty()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'INSTANCE_ID may hold letters, digits, dot, underscore and dash' })
  INSTANCE_ID: string = hostname();

  /** The HTTP port (API, `/health`, `/metrics`, `/docs`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  /** The address the HTTP API listens on: loopback, so a local run is not reachable from the network; containers set `0.0.0.0`. */
  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  /**
   * Browser origins allowed to call this service's API (CORS), comma-separated, e.g. the reviewer UI's
   * `http://localhost:3000`. Unset = no cross-origin calls.
   */
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^,\s/]+(,https?:\/\/[^,\s/]+)*$/, {
    message: 'CORS_ORIGINS must be origins like http://localhost:3000, comma-separated',
  })
  CORS_ORIGINS?: string;

  /** Requests a minute one caller (bearer token, else address) may make to this service; 0 = no limit. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  HTTP_RATE_LIMIT = 600;

  /**
   * The bearer token Prometheus sends to scrape /metrics (`authorization: credentials` in the scrape config). Unset:
   * /metrics answers 401 to everyone, so business figures are never open.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Extra origins the reviewer app may connect to (Content-Security-Policy connect-src), comma-separated. */
  @IsOptional()
  @IsString()
  CSP_CONNECT_SRC?: string;
}
