// One place to register the routes issue 14 needs (threads, forum posts, crossposts, channel
// webhooks), so the driver wires them with a single call.
import { registerCrosspostRoutes } from './rest-crosspost.js';
import { registerThreadManageRoutes } from './rest-thread-manage.js';
import { registerThreadRoutes } from './rest-threads.js';
import { registerWebhookExecuteRoutes } from './rest-webhook-execute.js';
import { registerWebhookRoutes } from './rest-webhooks.js';
import type { Router } from './router.js';
import type { FakeState, StoredMessage } from './state.js';
import type { Dispatch, ThreadService } from './threads.js';

export interface CommunityRouteDeps {
  state: FakeState;
  snowflake: () => string;
  applicationId: string;
  threads: ThreadService;
  dispatch: Dispatch;
  onMessage: (m: StoredMessage, kind: 'create' | 'update' | 'delete') => void;
}

export function registerCommunityRoutes(router: Router, deps: CommunityRouteDeps): void {
  registerThreadRoutes(router, deps);
  registerThreadManageRoutes(router, deps);
  registerCrosspostRoutes(router, deps);
  registerWebhookRoutes(router, deps);
  registerWebhookExecuteRoutes(router, deps);
}
