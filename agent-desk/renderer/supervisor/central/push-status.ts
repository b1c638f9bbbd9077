/** Where a push stands and which refusals still stand: one rule, the hub's and the console's (protocol package). */
export { pushStatus, standingRefusals, type PushCounts, type PushStatus } from '@turnero/protocol';
