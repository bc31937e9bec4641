import { describe, expect, it } from 'vitest';
import { agentSettings, EMPTY_AGENT } from './agentSettings';

describe('agentSettings', () => {
  it('gives the simulated agent no settings unless a latency is set', () => {
    expect(agentSettings(EMPTY_AGENT)).toEqual({ ok: true, settings: {} });
    expect(agentSettings({ ...EMPTY_AGENT, latencyMs: '250' })).toEqual({
      ok: true,
      settings: { latencyMs: 250 },
    });
  });

  it('requires an absolute program for the command agent', () => {
    const missing = agentSettings({ ...EMPTY_AGENT, kind: 'command' });
    expect(missing.ok).toBe(false);
    const relative = agentSettings({ ...EMPTY_AGENT, kind: 'command', command: 'coder.py' });
    expect(relative).toMatchObject({
      ok: false,
      errors: { command: expect.stringContaining('absolute') },
    });
    expect(
      agentSettings({ ...EMPTY_AGENT, kind: 'command', command: '/opt/coder.py\n--fast' }),
    ).toEqual({ ok: true, settings: { command: ['/opt/coder.py', '--fast'] } });
  });

  it('takes the openai key by environment variable name only', () => {
    expect(
      agentSettings({ ...EMPTY_AGENT, kind: 'openai', model: 'm', apiKeyEnv: 'sk-live-secret' }),
    ).toMatchObject({ ok: false, errors: { apiKeyEnv: expect.any(String) } });
    expect(agentSettings({ ...EMPTY_AGENT, kind: 'openai', model: 'qwen' })).toEqual({
      ok: true,
      settings: { model: 'qwen', apiKeyEnv: 'OPENAI_API_KEY' },
    });
  });
});
