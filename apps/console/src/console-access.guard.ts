import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessGuard, AccessRule, type Actor } from '@fiu/core';
import { StaffException, StaffPrincipal, StaffService } from '@fiu/staff';

export type ConsoleRequest = FastifyRequest & { staff?: StaffPrincipal };

/** The console serves FIU staff: a signed access token, and a role the route names. */
@Injectable()
export class ConsoleAccessGuard extends AccessGuard {
  constructor(
    reflector: Reflector,
    private readonly staff: StaffService,
  ) {
    super(reflector);
  }

  protected override async authorize(rule: AccessRule, context: ExecutionContext): Promise<boolean> {
    if (rule.kind !== 'staff') return super.authorize(rule, context);
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('A staff access token is required: Authorization: Bearer <token>');
    const principal = await this.staff.verifyAccessToken(match[1]).catch((error: unknown) => {
      if (error instanceof StaffException) throw new UnauthorizedException(error.message);
      throw error;
    });
    if (!rule.roles.includes(principal.role)) throw new ForbiddenException(`This needs one of the roles: ${rule.roles.join(', ')}`);
    request.staff = principal;
    return true;
  }
}

/** The signed-in staff member as casework needs them: who, from where, and the purpose they state (X-Purpose). */
export function actorOf(request: ConsoleRequest): Actor {
  const purpose = request.headers['x-purpose'];
  return {
    type: 'staff',
    id: request.staff!.id,
    name: request.staff!.username,
    role: request.staff!.role,
    sourceIp: request.ip,
    purpose: typeof purpose === 'string' && purpose.trim() ? purpose.trim().slice(0, 500) : null,
  };
}
