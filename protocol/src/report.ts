/** Figures for one slice of a report (the office, a service, an agent or an hour of day). */
export interface ReportRow {
  key: string;
  /**
   * What to call the slice, from the office whose report it is: a service's name (es/en), an agent's
   * display name (the same in both). Absent where the hub knows none (the office row, hours, a
   * deleted service); a console then words the key itself. NOTE: a central's console cannot look
   * an office's services and users up in its own book.
   */
  label?: { es: string; en: string };
  issued: number;
  served: number;
  noShows: number;
  cancelled: number;
  /** Ended without being served (no-shows + cancelled) ÷ issued; null when nothing was issued. */
  abandonmentRate: number | null;
  waitP50Ms: number | null;
  waitP90Ms: number | null;
  serviceP50Ms: number | null;
  serviceP90Ms: number | null;
  /** Count of ratings 1..10 (index 0 is rating 1). */
  ratings: number[];
  meanRating: number | null;
}

/** A report for a date range, computed from the event log. */
export interface Report {
  officeId: string;
  from: string;
  to: string;
  timeZone: string;
  office: ReportRow;
  byService: ReportRow[];
  byAgent: ReportRow[];
  /** Keyed "00".."23", local time, by arrival. */
  byHour: ReportRow[];
  callbacks: { requested: number; resolved: number; closed: number };
  cases: { opened: number; closed: number; recovered: number; recoveryRate: number | null };
}
