import type { Ticket } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import { seedDemo, SqliteStore } from '@turnero/hub';
import { connect, key, pairDevice, signIn } from '@turnero/hub/testing';

/** An agent signed in at a counter, calling tickets as the agent desk would. */
export class AgentAtCounter {
  current: Ticket | null = null;

  private constructor(
    readonly client: HubClient,
    readonly counterId: string,
  ) {}

  static async open(wsUrl: string, username: string, counterId: string): Promise<AgentAtCounter> {
    const { client } = await signIn(wsUrl, username);
    await client.request('open_counter', { counterId });
    return new AgentAtCounter(client, counterId);
  }

  /** Finishes the ticket at the counter, if any, and calls the next one. */
  async callNext(): Promise<Ticket> {
    await this.finishCurrent();
    const { ticket } = await this.client.request('call_next', {});
    this.current = ticket;
    return ticket;
  }

  async recall(): Promise<Ticket> {
    if (!this.current) throw new Error('no ticket at the counter to recall');
    const { ticket } = await this.client.request('recall', { ticketId: this.current.id });
    this.current = ticket;
    return ticket;
  }

  async finishCurrent(): Promise<void> {
    if (!this.current) return;
    await this.client.request('start_service', { ticketId: this.current.id });
    await this.client.request('finish_service', { ticketId: this.current.id });
    this.current = null;
  }

  stop(): void {
    this.client.stop();
  }
}

/** A paired kiosk issuing tickets. */
export async function openKiosk(wsUrl: string): Promise<{ client: HubClient; issue: (serviceId: string, count: number) => Promise<Ticket[]> }> {
  const token = await pairDevice(wsUrl, 'kiosk', 'Kiosco prueba');
  const client = await connect(wsUrl, { kind: 'device', token });
  const issue = async (serviceId: string, count: number) => {
    const tickets: Ticket[] = [];
    for (let i = 0; i < count; i++) {
      const r = await client.request('issue_ticket', { serviceId, preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
      tickets.push(r.ticket);
    }
    return tickets;
  };
  return { client, issue };
}

/** A database with the demo office, its kiosk rate limit raised (tests and benchmarks issue tickets in bursts). */
export async function seedDemoDatabase(dbPath: string, issueRatePerMinute = 100_000): Promise<void> {
  const store = new SqliteStore({ path: dbPath });
  try {
    await seedDemo(store, 'http://127.0.0.1', Date.now());
    const row = store.db.prepare('SELECT settings FROM offices').get() as { settings: string };
    store.db.prepare('UPDATE offices SET settings = ?').run(JSON.stringify({ ...(JSON.parse(row.settings) as object), issueRatePerMinute }));
  } finally {
    store.close();
  }
}
