import { z } from 'zod';
import { LocalizedName, Office, Ticket } from './entities.ts';
import type { IssueResult } from './responses.ts';

/**
 * An `issue_ticket` result read back from somewhere the hub's answer does not come straight from
 * (a kiosk's IPC to its printer, a kiosk's own note of the ticket it still has to print): checked
 * before use.
 */
export const IssueResultSchema = z.object({
  ticket: Ticket,
  peopleAhead: z.number().int().min(0),
  estimatedWaitMinutes: z.number().int().min(0).nullable(),
  statusUrl: z.string().max(512),
  serviceName: LocalizedName,
  officeName: Office.shape.name,
  timeZone: Office.shape.timeZone,
});

// NOTE: fails to compile when the schema and the IssueResult interface drift apart.
const _sameShape: [z.infer<typeof IssueResultSchema>, IssueResult] extends [IssueResult, z.infer<typeof IssueResultSchema>] ? true : never = true;
