/** The applications module's public face. */
export type { Application, ApplicationState, Decision } from './application.js';
export { APPLICATION_STATES, DECISIONS } from './application.js';
export { createApplication, addApplication, updateApplication } from './create-application.js';
export { submitApplication } from './submit-application.js';
export { takeApplication } from './take-application.js';
export { requestInformation } from './request-information.js';
export { recommendApplication } from './recommend-application.js';
export { decideApplication } from './decide-application.js';
export { withdrawApplication } from './withdraw-application.js';
export * from './get-applications.js';
export { evaluateRequest } from './evaluate-application.js';
export { registerApplicationRoutes } from './applications.routes.js';
export { decideByRound, isApprovedInPrinciple, roundCandidates, ROUND_CANDIDATE_STATES, topUpFromRound, withdrawAfterRound, type RoundDecision } from './decide-by-round.js';
