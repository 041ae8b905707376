import 'reflect-metadata';
import { runMain } from '@fiu/core';
import { startExchange } from './bootstrap';

runMain('exchange', startExchange);
