/** Builds the messages list and "retry now" (the service timelines read notice states from) and its routes. */
import type { RouteModule } from '../../http/app.js';
import { messagesApiRoutes } from './messages.routes.js';
import { MessageService, type MessageServiceDeps } from './messages.service.js';

export function createMessages(deps: MessageServiceDeps): { service: MessageService; routes: RouteModule } {
  const service = new MessageService(deps);
  return { service, routes: messagesApiRoutes(service) };
}
