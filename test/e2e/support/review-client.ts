import createClient, { Client } from 'openapi-fetch';
import type { components, paths } from './generated/review-api';

// A reviewer's client written only against the types openapi-typescript generates from docs/api/review.openapi.json
// (test/e2e/support/generated, `npm run openapi:generate`) and openapi-fetch: if the document lacked a member a
// reviewer needs (the verdict, the task's id), this would not compile.

export type ReviewClient = Client<paths>;
export type TaskView = components['schemas']['TaskView'];

export function reviewClient(baseUrl: string, token: string): ReviewClient {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}

/** Takes the next task of a workflow and approves it with a comment; the task as the service then shows it. */
export async function approveNextTask(client: ReviewClient, workflow: string): Promise<TaskView> {
  const next = await client.POST('/api/v1/tasks/next', { params: { query: { workflow } } });
  if (!next.data) throw new Error(`no task to take: ${next.response.status} ${JSON.stringify(next.error)}`);
  const done = await client.POST('/api/v1/tasks/{id}/complete', {
    params: { path: { id: next.data.id } },
    body: { verdict: 'approve', comment: 'Checked against the source document' },
  });
  if (!done.data) throw new Error(`verdict refused: ${done.response.status} ${JSON.stringify(done.error)}`);
  return done.data;
}
