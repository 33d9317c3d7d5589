/** The reports module's public face: aggregate figures across modules for the regulator. */
export { getFunnel, type Funnel } from './get-funnel.js';
export { registerReportRoutes } from './reports.routes.js';
