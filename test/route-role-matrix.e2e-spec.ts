import { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, ModulesContainer, Reflector } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_RULE, AccessRule } from '@fiu/core';
import { STAFF_ROLES } from '@fiu/staff';
import { signedIn, startConsole } from './support/console-node';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'] as const;

/** Every route of the console, with its access rule, found from the controllers themselves. */
function consoleRoutes(app: NestFastifyApplication) {
  const reflector = app.get(Reflector);
  return new DiscoveryService(app.get(ModulesContainer))
    .getControllers()
    .flatMap((wrapper) => {
      const controller = wrapper.metatype as Type;
      const prototype = controller.prototype as Record<string, unknown>;
      return Object.getOwnPropertyNames(prototype)
        .filter((name) => typeof prototype[name] === 'function' && Reflect.getMetadata(METHOD_METADATA, prototype[name] as object) !== undefined)
        .map((name) => {
          const handler = prototype[name] as (...args: unknown[]) => unknown;
          const path = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)]
            .filter((part) => part && part !== '/')
            .join('/')
            .replace(/:(\w+)/g, '00000000-0000-0000-0000-000000000000');
          return {
            method: METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number],
            url: `/${path}`,
            rule: reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, controller]),
          };
        });
    });
}

describe('console: every route x every role, plus anonymous', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startConsole();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lets exactly the roles a route names through, refuses the rest with 403, and anonymous callers with 401', async () => {
    const routes = consoleRoutes(app);
    expect(routes.length).toBeGreaterThanOrEqual(4);
    const unruled = routes.filter((route) => !route.rule);
    // A new route without a rule fails here, before it can ship.
    expect(unruled).toEqual([]);
    const tokens = Object.fromEntries(await Promise.all(STAFF_ROLES.map(async (role) => [role, (await signedIn(app, role)).accessToken] as const)));
    const outcomes: string[] = [];
    for (const route of routes) {
      const callers: [string, string | undefined][] = [['anonymous', undefined], ...STAFF_ROLES.map((role) => [role, tokens[role]] as [string, string])];
      for (const [caller, token] of callers) {
        const response = await app.inject({
          method: route.method as 'GET',
          url: route.url,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          payload: route.method === 'GET' ? undefined : {},
        });
        const rule: AccessRule = route.rule!;
        const allowed = rule.kind === 'public' || (rule.kind === 'staff' && caller !== 'anonymous' && rule.roles.includes(caller));
        const expected = allowed ? 'through' : caller === 'anonymous' ? 401 : 403;
        // The access guard answers with the generic codes; a route that was reached may still say 401 for its own reasons (a wrong password).
        const refusedByGuard = [401, 403].includes(response.statusCode) && ['unauthorized', 'forbidden'].includes(response.json().code);
        const got = refusedByGuard ? response.statusCode : 'through';
        outcomes.push(`${route.method} ${route.url} ${caller}: ${got === expected ? 'ok' : `expected ${expected}, got ${response.statusCode}`}`);
      }
    }
    expect(outcomes.filter((line) => !line.endsWith(': ok'))).toEqual([]);
  });
});
