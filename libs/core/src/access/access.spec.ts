import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessGuard, Public, ReportingEntityOnly } from './access';

class Routes {
  @Public() health() {}
  @ReportingEntityOnly() file() {}
  undeclared() {}
}

function setup() {
  const sut = new AccessGuard(new Reflector());
  const contextFor = (handler: keyof Routes) =>
    ({ getHandler: () => Routes.prototype[handler], getClass: () => Routes }) as unknown as ExecutionContext;
  return { sut, contextFor };
}

describe('AccessGuard', () => {
  it('lets anyone call a public route', async () => {
    const { sut, contextFor } = setup();
    await expect(sut.canActivate(contextFor('health'))).resolves.toBe(true);
  });

  it('refuses a route that declares no rule', async () => {
    const { sut, contextFor } = setup();
    await expect(sut.canActivate(contextFor('undeclared'))).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('refuses callers the app cannot authenticate', async () => {
    const { sut, contextFor } = setup();
    await expect(sut.canActivate(contextFor('file'))).rejects.toBeInstanceOf(UnauthorizedException);
  });
});
