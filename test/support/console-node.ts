import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@fiu/core';
import { StaffRole, StaffService } from '@fiu/staff';
import { CONSOLE_APP } from '../../apps/console/src/bootstrap';
import { ConsoleModule } from '../../apps/console/src/console.module';

export async function startConsole(): Promise<NestFastifyApplication> {
  const app = await createHttpApp(ConsoleModule, CONSOLE_APP, false);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Creates a staff account through the real service and logs it in over HTTP. */
export async function signedIn(app: NestFastifyApplication, role: StaffRole, username = `${role}.${Math.random().toString(36).slice(2, 8)}`) {
  const password = `correct horse ${username}`;
  await app.get(StaffService).createUser(username, role, password);
  const response = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
  return { username, password, ...(response.json() as { accessToken: string; refreshToken: string }) };
}
