import { Injectable, Logger } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '@fiu/core';
import { AuditService } from '@fiu/audit';
import { RefreshToken } from './refresh-token.entity';
import { STAFF_ROLES, StaffRole } from './roles';
import { StaffErrorCode, StaffException } from './staff.errors';
import { StaffUser } from './staff-user.entity';

/** The caller of a console route, once its access token has been verified. */
export interface StaffPrincipal {
  id: string;
  username: string;
  role: StaffRole;
}

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  role: StaffRole;
}

const ISSUER = 'fiu-node/console';
// Only this algorithm is accepted when verifying: no "none", no key confusion.
const ALGORITHMS = ['HS256'];
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const MIN_PASSWORD = 12;

/** Staff accounts, Argon2id passwords, lockout, short-lived signed access tokens and rotating refresh tokens. */
@Injectable()
export class StaffService {
  private readonly logger = new Logger(StaffService.name);
  private readonly secret: Uint8Array;
  // Verified against when the username is unknown, so both paths cost one Argon2 verification.
  private decoyHash?: Promise<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: EnvironmentVariables,
    private readonly audit: AuditService,
  ) {
    if (!config.STAFF_TOKEN_SECRET) {
      this.logger.warn('STAFF_TOKEN_SECRET is not set: staff tokens are signed with a random key and die with this process');
    }
    this.secret = new TextEncoder().encode(config.STAFF_TOKEN_SECRET ?? randomBytes(48).toString('base64url'));
  }

  async createUser(username: string, role: string, password: string): Promise<StaffPrincipal> {
    if (!USERNAME.test(username)) throw new StaffException(StaffErrorCode.InvalidAccount, 'username must be 3-64 lower-case letters, digits, ".", "_" or "-"');
    if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new StaffException(StaffErrorCode.InvalidAccount, `role must be one of ${STAFF_ROLES.join(', ')}`);
    if (password.length < MIN_PASSWORD) throw new StaffException(StaffErrorCode.InvalidAccount, `password must be at least ${MIN_PASSWORD} characters`);
    const existing = await this.dataSource.manager.findOneBy(StaffUser, { username });
    if (existing) throw new StaffException(StaffErrorCode.AccountExists, `An account ${username} already exists`);
    const user = await this.dataSource.manager.save(
      this.dataSource.manager.create(StaffUser, { username, role: role as StaffRole, passwordHash: await hash(password) }),
    );
    return { id: user.id, username: user.username, role: user.role };
  }

  /** Checks a password; repeated failures lock the account for a while. The answer never says which part was wrong. */
  async login(username: string, password: string, sourceIp: string | null = null): Promise<TokenPair> {
    const user = typeof username === 'string' ? await this.dataSource.manager.findOneBy(StaffUser, { username }) : null;
    const record = (action: string, actor = user) =>
      this.audit.record({ type: 'staff', id: actor?.id ?? 'unknown', name: actor?.username ?? String(username).slice(0, 64), sourceIp }, { action });
    if (!user || user.disabledAt) {
      await verify(await this.decoy(), String(password ?? '')).catch(() => false);
      await record('auth.login_failed', null);
      throw this.invalidCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      await record('auth.login_refused_locked');
      throw new StaffException(StaffErrorCode.AccountLocked, 'Too many failed logins; the account is locked for a while');
    }
    if (typeof password !== 'string' || !(await verify(user.passwordHash, password).catch(() => false))) {
      const failures = user.failedLogins + 1;
      const lock = failures >= this.config.LOGIN_MAX_FAILURES;
      await this.dataSource.manager.update(StaffUser, { id: user.id }, {
        failedLogins: lock ? 0 : failures,
        lockedUntil: lock ? new Date(Date.now() + this.config.LOGIN_LOCK_SECONDS * 1000) : user.lockedUntil,
      });
      if (lock) this.logger.warn({ userId: user.id }, 'Staff account locked after repeated failed logins');
      await record(lock ? 'auth.locked' : 'auth.login_failed');
      throw this.invalidCredentials();
    }
    await this.dataSource.manager.update(StaffUser, { id: user.id }, { failedLogins: 0, lockedUntil: null });
    await record('auth.login');
    return this.issue({ id: user.id, username: user.username, role: user.role });
  }

  /** Trades a refresh token for a new pair; the old refresh token is spent. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const tokenHash = createHash('sha256').update(String(refreshToken ?? '')).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const stored = await manager.findOne(RefreshToken, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      if (!stored || stored.usedAt || stored.expiresAt < new Date()) throw new StaffException(StaffErrorCode.InvalidToken, 'The refresh token is not valid');
      const user = await manager.findOneBy(StaffUser, { id: stored.userId });
      if (!user || user.disabledAt) throw new StaffException(StaffErrorCode.InvalidToken, 'The refresh token is not valid');
      await manager.update(RefreshToken, { id: stored.id }, { usedAt: new Date() });
      return this.issue({ id: user.id, username: user.username, role: user.role }, manager);
    });
  }

  /** Verifies an access token: signature (HS256 only), issuer, expiry, and a known role. */
  async verifyAccessToken(token: string): Promise<StaffPrincipal> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { algorithms: ALGORITHMS, issuer: ISSUER, audience: ISSUER });
      const role = payload.role as StaffRole;
      if (typeof payload.sub !== 'string' || typeof payload.username !== 'string' || !STAFF_ROLES.includes(role)) throw new Error('claims');
      return { id: payload.sub, username: payload.username, role };
    } catch {
      throw new StaffException(StaffErrorCode.InvalidToken, 'The access token is not valid');
    }
  }

  private async issue(user: StaffPrincipal, manager = this.dataSource.manager): Promise<TokenPair> {
    const accessToken = await new SignJWT({ username: user.username, role: user.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(ISSUER)
      .setIssuedAt()
      .setJti(randomBytes(16).toString('hex'))
      .setExpirationTime(`${this.config.ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.secret);
    const refreshToken = `fiur_${randomBytes(32).toString('base64url')}`;
    await manager.insert(RefreshToken, {
      userId: user.id,
      tokenHash: createHash('sha256').update(refreshToken).digest('hex'),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS, refreshToken, role: user.role };
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hash(randomBytes(16).toString('hex'));
    return this.decoyHash;
  }

  private invalidCredentials(): StaffException {
    return new StaffException(StaffErrorCode.InvalidCredentials, 'Unknown username or wrong password');
  }
}
