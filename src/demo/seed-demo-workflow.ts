/**
 * The lived-in part of the demo: applications through the real workflow, on a story clock that
 * runs through 2026, so that timelines and licences carry plausible dates:
 *  - a cloud provider's licence granted in February has expired by the time the demo is served;
 *  - in late September the three platforms (ByteDance, Alibaba, Tencent) apply for 415,000 H200
 *    and are approved on 1 October: more than 400,000 units for three companies;
 *  - China Mobile, a telecom operator under tight control, has its first approval and waits for
 *    a second, different approver;
 *  - a research lab asks for units for surveillance: denied;
 *  - Alibaba's cloud subsidiary withdraws its application;
 *  - Baidu, China Telecom and a small AI firm wait in the queue.
 */
import { addApplication, decideApplication, recommendApplication, submitApplication, takeApplication, withdrawApplication, type Application } from '../applications/index.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { ManualClock } from '../platform/clock.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { sweepExpiredLicences } from '../licensing/index.js';

/** What the registry seeding made, by the demo's own keys, for the workflow seeding that follows. */
export interface DemoRegistry {
  itemIds: Map<string, string>;
  organisationIds: Map<string, string>;
  facilityIds: Map<string, string>;
  userActors: Map<string, Actor>;
}

interface Request {
  organisationKey: string;
  family: string;
  quantity: number;
  endUse: string;
  justification: string;
}

export async function seedDemoWorkflow(context: AppContext, registry: DemoRegistry): Promise<void> {
  const clock = new ManualClock('2026-01-20T02:00:00.000Z');
  const story: AppContext = { database: context.database, clock };
  const person = (login: string): Actor => {
    const actor = registry.userActors.get(login);
    assert(actor !== undefined, `demo user ${login}`);
    return actor;
  };
  const reviewer = person('reviewer');
  const approver = person('approver');

  const apply = async (request: Request, applicantLogin: string): Promise<Application> => {
    const organisationId = registry.organisationIds.get(request.organisationKey);
    const facilityId = registry.facilityIds.get(request.organisationKey);
    const itemId = registry.itemIds.get(request.family);
    assert(organisationId !== undefined && facilityId !== undefined && itemId !== undefined, `demo request for ${request.organisationKey}`);
    // Applicants of organisations without a demo sign-in are represented by the demo's operator.
    const applicant: Actor = registry.userActors.get(applicantLogin) ?? { id: `demo-applicant:${request.organisationKey}`, role: 'applicant', organisationId };
    const draft = await inTransaction(story, (trx) =>
      addApplication(trx, applicant, clock.now(), organisationId, {
        itemId,
        facilityId,
        quantity: request.quantity,
        endUse: request.endUse,
        justification: request.justification,
        domesticJustification: 'domestic accelerators do not yet offer the memory bandwidth and software stack this workload needs',
        deliveryFrom: clock.now().toISOString().slice(0, 10),
        deliveryUntil: '2026-12-31',
      }),
    );
    clock.advanceMs(3_600_000);
    return submitApplication(story, applicant, draft.id, draft.version);
  };
  const review = async (application: Application, decision: 'approve' | 'deny', quantity: number): Promise<Application> => {
    const taken = await takeApplication(story, reviewer, application.id, application.version);
    clock.advanceMs(86_400_000);
    return recommendApplication(story, reviewer, taken.id, taken.version, {
      decision,
      quantity,
      reasonCode: decision === 'approve' ? 'meets-policy' : 'end-use-concern',
      note: decision === 'approve' ? 'within every limit of the 2026 policy' : 'the end use is denied by the policy',
    });
  };

  // February: a cloud provider's licence, valid 180 days, long expired by now.
  const kingsoft = await apply({ organisationKey: 'kingsoft-cloud', family: 'H200', quantity: 2_000, endUse: 'cloud-services', justification: 'GPU cloud capacity for domestic AI start-ups' }, '');
  clock.set('2026-02-09T02:00:00.000Z');
  const kingsoftReviewed = await review(kingsoft, 'approve', 2_000);
  clock.set('2026-02-10T06:00:00.000Z');
  await decideApplication(story, approver, kingsoftReviewed.id, kingsoftReviewed.version, { decision: 'approve', quantity: 2_000, note: 'approved' });

  // Late September: the three platforms apply; approved together on 1 October.
  clock.set('2026-09-21T01:00:00.000Z');
  const platforms = [
    await apply({ organisationKey: 'bytedance', family: 'H200', quantity: 150_000, endUse: 'ai-training', justification: 'training and serving large language models' }, 'applicant-bytedance'),
    await apply({ organisationKey: 'alibaba', family: 'H200', quantity: 135_000, endUse: 'ai-training', justification: 'Qwen model training' }, 'applicant-alibaba'),
    await apply({ organisationKey: 'tencent', family: 'H200', quantity: 130_000, endUse: 'ai-inference', justification: 'Hunyuan model serving' }, ''),
  ];
  clock.set('2026-09-28T01:00:00.000Z');
  const recommended = [];
  for (const application of platforms) recommended.push(await review(application, 'approve', application.quantity));
  clock.set('2026-10-01T02:00:00.000Z');
  for (const application of recommended) {
    await decideApplication(story, approver, application.id, application.version, { decision: 'approve', quantity: application.quantity, note: 'first batch of 2026 approvals' });
  }

  // October: China Mobile, under tight control, has one approval and waits for a second approver.
  clock.set('2026-10-12T01:00:00.000Z');
  const chinaMobile = await review(
    await apply({ organisationKey: 'china-mobile', family: 'H200', quantity: 20_000, endUse: 'cloud-services', justification: 'sovereign AI cloud for government customers' }, 'applicant-china-mobile'),
    'approve',
    20_000,
  );
  clock.set('2026-10-20T02:00:00.000Z');
  await decideApplication(story, approver, chinaMobile.id, chinaMobile.version, { decision: 'approve', quantity: 20_000, note: 'first approval; a second approver must sign' });

  // A research lab asks for an end use the policy denies.
  clock.set('2026-10-22T01:00:00.000Z');
  const denied = await review(await apply({ organisationKey: 'tsinghua-lab', family: 'H200', quantity: 500, endUse: 'surveillance', justification: 'video analytics research' }, ''), 'deny', 0);
  clock.set('2026-10-26T02:00:00.000Z');
  await decideApplication(story, approver, denied.id, denied.version, { decision: 'deny', quantity: 0, note: 'surveillance is a denied end use' });

  // Alibaba's cloud subsidiary applies, then withdraws.
  clock.set('2026-11-02T01:00:00.000Z');
  const withdrawn = await apply({ organisationKey: 'alibaba-cloud', family: 'H200', quantity: 30_000, endUse: 'cloud-services', justification: 'public cloud GPU instances' }, '');
  clock.set('2026-11-05T01:00:00.000Z');
  const applicantOfCloud: Actor = { id: 'demo-applicant:alibaba-cloud', role: 'applicant', organisationId: withdrawn.organisationId };
  await withdrawApplication(story, applicantOfCloud, withdrawn.id, withdrawn.version);

  // Others wait in the queue.
  clock.set('2026-11-16T01:00:00.000Z');
  await apply({ organisationKey: 'baidu', family: 'H200', quantity: 60_000, endUse: 'ai-training', justification: 'ERNIE model training' }, '');
  await apply({ organisationKey: 'china-telecom', family: 'H200', quantity: 15_000, endUse: 'cloud-services', justification: 'intelligent computing centre expansion' }, '');
  await apply({ organisationKey: 'lingxi', family: 'H20', quantity: 400, endUse: 'ai-inference', justification: 'serving a customer-service model' }, 'applicant-lingxi');

  // Expiry follows the real clock: the February licence has lapsed by the time the demo is served.
  await sweepExpiredLicences(context, { id: 'operator:demo', role: 'operator', organisationId: null });
}
