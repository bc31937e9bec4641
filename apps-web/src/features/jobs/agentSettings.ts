// The new-job form's settings per agent kind (see docs/orchestrator.md), checked before submit.
// Secrets are never typed in: the openai agent takes the name of an environment variable.

export type AgentKind = 'simulated' | 'command' | 'openai';
export const AGENT_KINDS: AgentKind[] = ['simulated', 'command', 'openai'];

export interface AgentForm {
  kind: AgentKind;
  /** simulated */
  latencyMs: string;
  /** command: the program and its arguments, one per line */
  command: string;
  workingDir: string;
  /** openai */
  baseUrl: string;
  model: string;
  apiKeyEnv: string;
}

export const EMPTY_AGENT: AgentForm = {
  kind: 'simulated',
  latencyMs: '',
  command: '',
  workingDir: '',
  baseUrl: '',
  model: '',
  apiKeyEnv: 'OPENAI_API_KEY',
};

export type AgentSettings =
  | { ok: true; settings: Record<string, unknown> }
  | { ok: false; errors: Partial<Record<keyof AgentForm, string>> };

/** The settings object for an agent, or what is wrong with the form. */
export function agentSettings(form: AgentForm): AgentSettings {
  const errors: Partial<Record<keyof AgentForm, string>> = {};
  const settings: Record<string, unknown> = {};
  switch (form.kind) {
    case 'simulated': {
      if (form.latencyMs.trim()) {
        const latency = Number(form.latencyMs);
        if (!Number.isInteger(latency) || latency < 0)
          errors.latencyMs = 'A whole number of ms, 0 or more';
        else settings.latencyMs = latency;
      }
      break;
    }
    case 'command': {
      const args = form.command
        .split('\n')
        .map((a) => a.trim())
        .filter(Boolean);
      if (args.length === 0) errors.command = 'The program to run, as an absolute path';
      else if (!args[0].startsWith('/')) errors.command = 'The program must be an absolute path';
      else settings.command = args;
      if (form.workingDir.trim()) {
        if (!form.workingDir.trim().startsWith('/')) errors.workingDir = 'An absolute path';
        else settings.workingDir = form.workingDir.trim();
      }
      break;
    }
    case 'openai': {
      if (!form.model.trim()) errors.model = 'The model to ask, e.g. gpt-4o-mini';
      else settings.model = form.model.trim();
      if (form.baseUrl.trim()) {
        if (!/^https?:\/\/\S+$/.test(form.baseUrl.trim())) errors.baseUrl = 'An http(s) URL';
        else settings.baseUrl = form.baseUrl.trim();
      }
      const env = form.apiKeyEnv.trim();
      if (!/^[A-Z][A-Z0-9_]*_API_KEY$/.test(env))
        errors.apiKeyEnv = 'The name of an environment variable ending in _API_KEY';
      else settings.apiKeyEnv = env;
      break;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings };
}
