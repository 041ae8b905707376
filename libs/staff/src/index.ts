export { STAFF_ENTITIES, StaffModule } from './staff.module';
export { StaffService } from './staff.service';
export type { StaffPrincipal, TokenPair } from './staff.service';
export { StaffErrorCode, StaffException } from './staff.errors';
export { STAFF_ROLES } from './roles';
export type { StaffRole } from './roles';
