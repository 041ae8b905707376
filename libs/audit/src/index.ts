export { AUDIT_ENTITIES, AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export type { AuditAction, AuditEntryView, AuditEvent, AuditQuery, ChainVerification } from './audit.service';
