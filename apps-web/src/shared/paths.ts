// Where each page lives (hash routes: the server serves one index.html).

export const paths = {
  jobs: () => '/',
  job: (id: string) => `/jobs/${encodeURIComponent(id)}`,
  attempt: (id: string, stepId: string, attempt: number) =>
    `/jobs/${encodeURIComponent(id)}?${new URLSearchParams({ step: stepId, attempt: String(attempt) })}`,
  audit: (id: string, sequence?: number) =>
    `/jobs/${encodeURIComponent(id)}/audit${sequence ? `?event=${sequence}` : ''}`,
  timeTravel: (id: string, version?: number) =>
    `/jobs/${encodeURIComponent(id)}/time-travel${version ? `?version=${version}` : ''}`,
  family: (id: string) => `/jobs/${encodeURIComponent(id)}/family`,
  compare: (left: string, right: string) =>
    `/compare?${new URLSearchParams({ left, right }).toString()}`,
  health: () => '/health',
  alerts: () => '/alerts',
  newAlertRule: () => '/alerts/new',
  alertRule: (id: string) => `/alerts/${encodeURIComponent(id)}`,
};
