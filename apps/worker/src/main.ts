import 'reflect-metadata';
import { runMain } from '@fiu/core';
import { startWorker } from './bootstrap';

runMain('worker', startWorker);
