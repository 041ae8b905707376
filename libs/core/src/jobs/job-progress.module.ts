import { Global, Module } from '@nestjs/common';
import { JobProgressService } from './job-progress.service';

/** Job progress for every app that starts or runs long jobs (the worker) or shows them (the console). */
@Global()
@Module({ providers: [JobProgressService], exports: [JobProgressService] })
export class JobProgressModule {}
