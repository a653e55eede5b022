/**
 * The orders service's CodeDeploy pre-traffic hook: Periscope's own function, smoke-testing each new
 * version of the functions whose catalog entry says `deployment: { smokeTest: true }` with their sample
 * events (reads, so the test changes no data). `getOrder`'s event asks for an order that does not exist:
 * its 404 is a pass, the version answers.
 */
import { createPreTrafficHook } from 'periscope/pre-traffic-hook';
import getOrder from '../../events/get-order.json';
import listOrders from '../../events/list-orders.json';

export const handler = createPreTrafficHook({ events: { getOrder, listOrders } });
