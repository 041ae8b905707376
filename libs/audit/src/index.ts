export { AUDIT_ENTITIES, AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export type { AuditEntryView, AuditEvent, AuditQuery, ChainVerification } from './audit.service';
