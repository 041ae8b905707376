import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessGuard, AccessRule } from '@fiu/core';
import { AuthenticatedEntity, ReportingEntitiesService } from '@fiu/reports';

export type IntakeRequest = FastifyRequest & { reportingEntity?: AuthenticatedEntity };

/** Intake serves reporting entities only: a Bearer API key, checked in constant time. */
@Injectable()
export class IntakeAccessGuard extends AccessGuard {
  constructor(
    reflector: Reflector,
    private readonly entities: ReportingEntitiesService,
  ) {
    super(reflector);
  }

  protected override async authorize(rule: AccessRule, context: ExecutionContext): Promise<boolean> {
    if (rule.kind !== 'reporting-entity') return super.authorize(rule, context);
    const request = context.switchToHttp().getRequest<IntakeRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const entity = match ? await this.entities.authenticate(match[1]) : null;
    if (!entity) throw new UnauthorizedException('A valid API key is required: Authorization: Bearer <key>');
    request.reportingEntity = entity;
    return true;
  }
}
