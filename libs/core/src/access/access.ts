import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/** Who may call a route. Every route must declare one; a route without a rule is refused. */
export type AccessRule = { kind: 'public' } | { kind: 'reporting-entity' } | { kind: 'staff'; roles: readonly string[] };

export const ACCESS_RULE = 'fiu:access-rule';

/** Anyone may call this route (health, well-known keys). */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/** Only a reporting entity holding a valid API key may call this route. */
export const ReportingEntityOnly = () => SetMetadata(ACCESS_RULE, { kind: 'reporting-entity' } satisfies AccessRule);

/** Only FIU staff holding one of these roles may call this route. */
export const StaffOnly = (...roles: string[]) => SetMetadata(ACCESS_RULE, { kind: 'staff', roles } satisfies AccessRule);

export function accessRuleOf(reflector: Reflector, context: ExecutionContext): AccessRule | undefined {
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
}

/**
 * Deny by default: public routes pass, routes without a rule are refused, and every other
 * kind is left to `authorize`, which an app overrides for the callers it serves.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(protected readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = accessRuleOf(this.reflector, context);
    if (!rule) throw new ForbiddenException('This route declares no access rule, so it is closed');
    if (rule.kind === 'public') return true;
    return this.authorize(rule, context);
  }

  protected async authorize(_rule: AccessRule, _context: ExecutionContext): Promise<boolean> {
    throw new UnauthorizedException('This app has no way to authenticate this caller');
  }
}
