import { userInfo } from 'node:os';

/** What kind of caller acts: FIU staff, a reporting entity, a partner FIU, a background job, or the administration CLI. */
export type ActorType = 'staff' | 'reporting_entity' | 'partner' | 'system' | 'cli';

/**
 * Who acts, from where, and why. Every audited read and change names one; the apps build it
 * from the authenticated request, the worker and the CLI from their own identity.
 */
export interface Actor {
  type: ActorType;
  /** Staff id, reporting entity id, partner country, job name, or `cli:<os user>`. */
  id: string;
  /** Username, entity code, `FIU <country>`: readable in the log without a join. */
  name: string | null;
  /** The staff role, for staff. */
  role?: string;
  sourceIp?: string | null;
  /** The stated purpose (X-Purpose header), where the action needs or has one. */
  purpose?: string | null;
}

/** A background job acting on its own (delivery, reminders, re-screening). */
export function systemActor(job: string): Actor {
  return { type: 'system', id: job, name: job };
}

/** The administration CLI, named after the operating-system user who ran it. */
export function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): keep the fallback.
  }
  return { type: 'cli', id: `cli:${user}`, name: `cli:${user}` };
}
