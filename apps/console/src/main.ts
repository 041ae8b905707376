import 'reflect-metadata';
import { runMain } from '@fiu/core';
import { startConsole } from './bootstrap';

runMain('console', startConsole);
