// The Replay dialog's agent per role: keep the original's, or replace it (kind and settings).
import { parseJsonObject } from '../../shared/ui/jsonInput';

export const REPLAY_ROLES = ['planner', 'coder', 'critique'] as const;
export type ReplayRole = (typeof REPLAY_ROLES)[number];

export interface RoleOverride {
  replace: boolean;
  kind: string;
  /** The settings as JSON text, prefilled with the original's. */
  settings: string;
}

export type AgentOverrides =
  | { ok: true; agents: Partial<Record<ReplayRole, { kind: string; settings: unknown }>> | null }
  | { ok: false; role: ReplayRole; error: string };

/** The `agents` argument of replayJob (null when no role is replaced), or the first problem. */
export function agentOverrides(forms: Record<ReplayRole, RoleOverride>): AgentOverrides {
  const agents: Partial<Record<ReplayRole, { kind: string; settings: unknown }>> = {};
  for (const role of REPLAY_ROLES) {
    const form = forms[role];
    if (!form.replace) continue;
    if (!form.kind.trim()) return { ok: false, role, error: 'Choose the agent kind' };
    const settings = parseJsonObject(form.settings);
    if (!settings.ok) return { ok: false, role, error: settings.error };
    agents[role] = { kind: form.kind.trim(), settings: settings.value };
  }
  return { ok: true, agents: Object.keys(agents).length > 0 ? agents : null };
}
