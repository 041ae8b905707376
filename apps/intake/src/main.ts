import 'reflect-metadata';
import { runMain } from '@fiu/core';
import { startIntake } from './bootstrap';

runMain('intake', startIntake);
