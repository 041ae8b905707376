// Entry point for the TypeORM CLI (migration:generate, migration:check); the app code uses createDataSource().
import { createDataSource } from './data-source';

export default createDataSource();
