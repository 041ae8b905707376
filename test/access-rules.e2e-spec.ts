import { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, DiscoveryService, Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ACCESS_RULE, AccessRule } from '@fiu/core';
import { ConsoleModule } from '../apps/console/src/console.module';
import { ExchangeModule } from '../apps/exchange/src/exchange.module';
import { IntakeModule } from '../apps/intake/src/intake.module';

interface Route {
  app: string;
  route: string;
  rule: AccessRule | undefined;
}

async function routesOf(app: string, module: Type): Promise<Route[]> {
  const moduleRef = await Test.createTestingModule({ imports: [module, DiscoveryModule] }).compile();
  try {
    const reflector = moduleRef.get(Reflector);
    const routes: Route[] = [];
    for (const wrapper of moduleRef.get(DiscoveryService).getControllers()) {
      const controller = wrapper.metatype as Type;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        routes.push({
          app,
          route: `${controller.name}.${name} ${Reflect.getMetadata(PATH_METADATA, controller)}/${Reflect.getMetadata(PATH_METADATA, handler)}`,
          rule: reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, [handler, controller]),
        });
      }
    }
    return routes;
  } finally {
    await moduleRef.close();
  }
}

describe('every route declares who may call it', () => {
  it('finds an access rule on every route of intake, console and exchange', async () => {
    const routes = [
      ...(await routesOf('intake', IntakeModule)),
      ...(await routesOf('console', ConsoleModule)),
      ...(await routesOf('exchange', ExchangeModule)),
    ];
    expect(routes.length).toBeGreaterThanOrEqual(6);
    expect(routes.filter((route) => !route.rule).map((route) => `${route.app}: ${route.route}`)).toEqual([]);
    // The only public routes are the health checks, the staff sign-in itself, and the exchange's
    // public keys and inbox (which accepts nothing that does not decrypt and verify against a partner's keys).
    expect(routes.filter((route) => route.rule?.kind === 'public').map((route) => `${route.app} ${route.route.split(' ')[0]}`).sort()).toEqual([
      'console AuthController.login',
      'console AuthController.refresh',
      'console HealthController.check',
      'exchange HealthController.check',
      'exchange InboxController.jwks',
      'exchange InboxController.receive',
      'intake HealthController.check',
    ]);
  });
});
