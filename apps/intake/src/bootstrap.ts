import { startHttpApp } from '@fiu/core';
import { IntakeModule } from './intake.module';

export const INTAKE_APP = {
  title: 'FIU intake API',
  description: 'Reporting entities file suspicious-transaction reports and read their acknowledgements.',
  port: (config: { INTAKE_PORT: number }) => config.INTAKE_PORT,
  bearerAuth: 'API key issued by the FIU (fiu_...)',
};

export const startIntake = (shutdownHooks = true) => startHttpApp(IntakeModule, INTAKE_APP, shutdownHooks);
