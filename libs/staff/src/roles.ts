/** Staff roles. An auditor only reads the audit log; an admin manages accounts and configuration. */
export const STAFF_ROLES = ['analyst', 'supervisor', 'admin', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
