import type { Component } from 'svelte';
import type { Principal, Role } from '@turnero/protocol';
import type { DeskKeypadApi } from '../shared/keypad-api.ts';
import AgentView from './agent/AgentView.svelte';
import type { DeskSession } from './shared/desk-session.svelte.ts';
import SupervisorView from './supervisor/SupervisorView.svelte';
import type { DeskI18n } from './shared/i18n.ts';

/** What every top-level view of the desk is given. */
export interface ViewProps {
  session: DeskSession;
  i18n: DeskI18n;
  storage: Storage | null;
  keypadApi: DeskKeypadApi | null;
}

/**
 * The view each role gets after signing in. NOTE: supervisors and admins are staff and may work a
 * counter too (the hub lets them act at a counter they hold): the supervisor console has a tab
 * with the agent view.
 */
export const VIEWS: Record<Role, Component<ViewProps>> = {
  agent: AgentView,
  supervisor: SupervisorView,
  admin: SupervisorView,
};

/** The view for a signed-in person; null for a device principal (a token of the wrong kind). */
export function viewFor(principal: Principal): Component<ViewProps> | null {
  const role = principal.role;
  return principal.kind === 'user' && (role === 'agent' || role === 'supervisor' || role === 'admin') ? VIEWS[role] : null;
}
