/**
 * The sentences of an evaluation, one in English and one in Simplified Chinese per rule. Each
 * function takes the rule's numbers and returns [english, chinese], so that the two languages
 * always say the same thing and a reviewer can read either. Numbers use formatInteger (31,200)
 * in both languages, as Chinese official documents do for large figures.
 */
import type { OrganisationCategory } from '../registry/organisation.js';
import { formatBasisPoints, formatInteger, formatTenthsOfPercent } from './number-format.js';
import type { AdoptionMeasure, HoldKind, HoldScope } from './policy.js';

export type Sentences = readonly [english: string, chinese: string];

const CATEGORY_ENGLISH: Record<OrganisationCategory, string> = {
  'big-tech-platform': 'big-tech platforms',
  'cloud-provider': 'cloud providers',
  'state-backed': 'state-backed firms',
  'telecom-operator': 'telecom operators',
  'research-institute': 'research institutes',
  'small-firm': 'small firms',
  vendor: 'vendors',
  'customs-authority': 'customs authorities',
  regulator: 'regulators',
  other: 'other organisations',
};

const CATEGORY_CHINESE: Record<OrganisationCategory, string> = {
  'big-tech-platform': '大型互联网平台',
  'cloud-provider': '云服务商',
  'state-backed': '国有企业',
  'telecom-operator': '电信运营商',
  'research-institute': '科研机构',
  'small-firm': '小型企业',
  vendor: '供应商',
  'customs-authority': '海关',
  regulator: '监管机构',
  other: '其他机构',
};

export function categoryEnglish(category: OrganisationCategory): string {
  return CATEGORY_ENGLISH[category];
}

export function categoryChinese(category: OrganisationCategory): string {
  return CATEGORY_CHINESE[category];
}

const n = formatInteger;

/**
 * Joins Chinese text and a name that may start with Latin letters or digits ("H200 系列"),
 * with the space that Chinese typography puts between the two scripts.
 */
function spaced(chinese: string, name: string): string {
  return /^[A-Za-z0-9]/.test(name) ? `${chinese} ${name}` : `${chinese}${name}`;
}

/** An instant at midnight UTC reads as its date; otherwise as date, time and "UTC". */
export function readableInstant(instant: string): string {
  const time = instant.slice(11, 16);
  return instant.endsWith('T00:00:00.000Z') ? instant.slice(0, 10) : `${instant.slice(0, 10)} ${time} UTC`;
}

function scopeEnglish(scope: HoldScope): string {
  switch (scope.level) {
    case 'global':
      return 'all items';
    case 'item':
      return `item ${scope.item}`;
    case 'family':
      return `family ${scope.family}`;
    case 'category':
      return CATEGORY_ENGLISH[scope.category];
    case 'organisation':
      return `organisation ${scope.organisation}`;
    case 'region':
      return `region ${scope.region}`;
  }
}

function scopeChinese(scope: HoldScope): string {
  switch (scope.level) {
    case 'global':
      return '全部型号';
    case 'item':
      return `型号 ${scope.item}`;
    case 'family':
      return `${scope.family} 系列`;
    case 'category':
      return CATEGORY_CHINESE[scope.category];
    case 'organisation':
      return `机构 ${scope.organisation}`;
    case 'region':
      return `地区 ${scope.region}`;
  }
}

export const text = {
  policyInForce(date: string, start: string, end: string): Sentences {
    return [`policy in force: ${date} is within the period ${start} to ${end}`, `政策有效期：${date} 在政策期间 ${start} 至 ${end} 之内`];
  },
  policyNotYetEffective(date: string, effectiveFrom: string): Sentences {
    return [
      `policy in force: this version takes effect on ${effectiveFrom}, after ${date}; it does not apply yet`,
      `政策有效期：本版本自 ${effectiveFrom} 起生效，${date} 尚未生效`,
    ];
  },
  policyOutsidePeriod(date: string, start: string, end: string): Sentences {
    return [
      `policy in force: ${date} is outside the period ${start} to ${end}; the policy does not apply`,
      `政策有效期：${date} 不在政策期间 ${start} 至 ${end} 之内，本政策不适用`,
    ];
  },

  envelopeNone(itemName: string): Sentences {
    return [`technical envelope: none applies to ${itemName}`, `技术参数范围：${itemName} 不受任何技术参数范围限制`];
  },
  envelope(
    subjectEnglish: string,
    subjectChinese: string,
    itemName: string,
    tpp: number,
    tppBelow: number | null,
    bandwidth: number,
    bandwidthBelow: number | null,
  ): Sentences {
    let english = '';
    let chinese = '';
    if (tppBelow !== null) {
      english = `TPP ${n(tpp)} ${tpp < tppBelow ? 'is below' : 'is not below'} ${n(tppBelow)}`;
      chinese = `TPP ${n(tpp)} ${tpp < tppBelow ? '低于' : '未低于'} ${n(tppBelow)}`;
    }
    if (bandwidthBelow !== null) {
      const isBelow = bandwidth < bandwidthBelow;
      english += `${english === '' ? '' : ', '}memory bandwidth ${n(bandwidth)} GB/s ${isBelow ? 'is below' : 'is not below'} ${n(bandwidthBelow)} GB/s`;
      chinese += `${chinese === '' ? '' : '，'}内存带宽 ${n(bandwidth)} GB/s ${isBelow ? '低于' : '未低于'} ${n(bandwidthBelow)} GB/s`;
    }
    const isInside = (tppBelow === null || tpp < tppBelow) && (bandwidthBelow === null || bandwidth < bandwidthBelow);
    return isInside
      ? [`technical envelope (${subjectEnglish}): ${itemName} is inside it: ${english}`, `技术参数范围（${subjectChinese}）：${itemName} 符合要求：${chinese}`]
      : [
          `technical envelope (${subjectEnglish}): ${itemName} is outside it: ${english}; it cannot be licensed`,
          `技术参数范围（${subjectChinese}）：${itemName} 超出范围：${chinese}；不能获得许可`,
        ];
  },

  endUseAllowed(endUse: string): Sentences {
    return [`end use: ${endUse} is allowed`, `最终用途：${endUse} 属于允许的用途`];
  },
  endUseNotDenied(endUse: string): Sentences {
    return [`end use: ${endUse} is not a denied end use`, `最终用途：${endUse} 不属于禁止的用途`];
  },
  endUseDenied(endUse: string): Sentences {
    return [`end use: ${endUse} is denied by the policy; it cannot be licensed`, `最终用途：政策禁止 ${endUse} 用途，不能获得许可`];
  },
  endUseNotAllowed(endUse: string, allowed: readonly string[]): Sentences {
    return [
      `end use: ${endUse} is not among the allowed end uses (${allowed.join(', ')}); it cannot be licensed`,
      `最终用途：${endUse} 不在允许的用途之内（${allowed.join('、')}），不能获得许可`,
    ];
  },

  justificationNotRequired(): Sentences {
    return ['domestic justification: not required by the policy', '国产替代说明：政策未作要求'];
  },
  justificationDomesticItem(itemName: string): Sentences {
    return [`domestic justification: not needed, ${itemName} is domestic`, `国产替代说明：${itemName} 为国产型号，无需说明`];
  },
  justificationStated(): Sentences {
    return [
      'domestic justification: the application states why domestic chips do not meet the need',
      '国产替代说明：申请已说明国产芯片无法满足需求的原因',
    ];
  },
  justificationMissing(): Sentences {
    return [
      'domestic justification: the application does not state why domestic chips do not meet the need; it cannot be licensed as it stands',
      '国产替代说明：申请未说明国产芯片无法满足需求的原因，现有申请不能获得许可',
    ];
  },

  categoryAccess(
    category: OrganisationCategory,
    access: 'allow' | 'review' | 'deny',
    isDefault: boolean,
    note: string | null,
    noteChinese: string | null,
  ): Sentences {
    const english = CATEGORY_ENGLISH[category];
    const chinese = CATEGORY_CHINESE[category];
    const defaultEnglish = isDefault ? ' (the default for categories the policy does not list)' : '';
    const defaultChinese = isDefault ? '（政策未列明该类别，适用默认规则）' : '';
    const noteEnglish = note === null ? '' : ` (${note})`;
    const noteInChinese = noteChinese ?? note;
    switch (access) {
      case 'allow':
        return [`category access: ${english} may apply${defaultEnglish}`, `类别准入：${chinese}可以申请${defaultChinese}`];
      case 'review':
        return [
          `category access: ${english} are under review${noteEnglish}${defaultEnglish}; a reviewer decides`,
          `类别准入：${chinese}须经人工审查${noteInChinese === null ? '' : `（${noteInChinese}）`}${defaultChinese}，由审查人员决定`,
        ];
      case 'deny':
        return [
          `category access: ${english} may not be licensed${noteEnglish}${defaultEnglish}`,
          `类别准入：${chinese}不得获得许可${noteInChinese === null ? '' : `（${noteInChinese}）`}${defaultChinese}`,
        ];
    }
  },

  holdsNone(upcoming: { id: string; kind: HoldKind; scope: HoldScope; from: string } | null): Sentences {
    if (upcoming === null) return ['holds: none in force', '暂停与冻结措施：当前没有生效的措施'];
    const kindChinese = upcoming.kind === 'suspension' ? '暂停措施' : '冻结措施';
    return [
      `holds: none in force; ${upcoming.kind} ${upcoming.id} on ${scopeEnglish(upcoming.scope)} starts on ${readableInstant(upcoming.from)}`,
      `暂停与冻结措施：当前没有生效的措施；${spaced('针对', scopeChinese(upcoming.scope))}的${kindChinese} ${upcoming.id} 将于 ${readableInstant(upcoming.from)} 开始`,
    ];
  },
  holdInForce(hold: { id: string; kind: HoldKind; scope: HoldScope; from: string; until: string | null; reasonCode: string; reason: string; reasonChinese: string | null }): Sentences {
    const untilEnglish = hold.until === null ? '' : ` until ${readableInstant(hold.until)}`;
    const untilChinese = hold.until === null ? '' : `，至 ${readableInstant(hold.until)} 止`;
    const reasonChinese = hold.reasonChinese ?? hold.reason;
    if (hold.kind === 'suspension') {
      return [
        `holds: suspension ${hold.id} on ${scopeEnglish(hold.scope)} in force since ${readableInstant(hold.from)}${untilEnglish} (${hold.reasonCode}: ${hold.reason}); no new licences`,
        `暂停与冻结措施：${spaced('针对', scopeChinese(hold.scope))}的暂停措施 ${hold.id} 自 ${readableInstant(hold.from)} 起生效${untilChinese}（${hold.reasonCode}：${reasonChinese}）；暂停签发新许可证`,
      ];
    }
    return [
      `holds: block ${hold.id} on ${scopeEnglish(hold.scope)} in force since ${readableInstant(hold.from)}${untilEnglish} (${hold.reasonCode}: ${hold.reason}); the application is accepted but decisions are delayed`,
      `暂停与冻结措施：${spaced('针对', scopeChinese(hold.scope))}的冻结措施 ${hold.id} 自 ${readableInstant(hold.from)} 起生效${untilChinese}（${hold.reasonCode}：${reasonChinese}）；受理申请，但暂缓作出决定`,
    ];
  },

  quotaNone(itemName: string): Sentences {
    return [
      `national quota: none covers ${itemName} in this period; it cannot be licensed`,
      `国家配额：本期没有覆盖 ${itemName} 的配额，不能获得许可`,
    ];
  },
  quota(
    subjectEnglish: string,
    subjectChinese: string,
    figures: { quotaUnits: number | null; remainingUnits: number | null; quotaTpp: number | null; remainingTpp: number | null },
    requested: number,
    limit: number,
  ): Sentences {
    const [remainderEnglish, remainderChinese] = remainders(figures);
    return [
      `national quota (${subjectEnglish}): ${remainderEnglish} remain; ${fitEnglish(requested, limit)}`,
      `国家配额（${subjectChinese}）：剩余 ${remainderChinese}；${fitChinese(requested, limit, '配额')}`,
    ];
  },

  categoryBudgetNone(category: OrganisationCategory): Sentences {
    return [
      `category budget: ${CATEGORY_ENGLISH[category]} have no budget share; they draw on the national quota`,
      `类别预算：${CATEGORY_CHINESE[category]}未设预算份额，直接使用国家配额`,
    ];
  },
  categoryBudget(
    category: OrganisationCategory,
    shareBasisPoints: number,
    subjectEnglish: string,
    subjectChinese: string,
    figures: { quotaUnits: number | null; remainingUnits: number | null; quotaTpp: number | null; remainingTpp: number | null },
    requested: number,
    limit: number,
  ): Sentences {
    const [remainderEnglish, remainderChinese] = remainders(figures);
    const share = formatBasisPoints(shareBasisPoints);
    return [
      `category budget (${share} % of ${subjectEnglish} for ${CATEGORY_ENGLISH[category]}): ${remainderEnglish} remain; ${fitEnglish(requested, limit)}`,
      `类别预算（${spaced(`${CATEGORY_CHINESE[category]}占`, subjectChinese)}的 ${share}%）：剩余 ${remainderChinese}；${fitChinese(requested, limit, '预算')}`,
    ];
  },

  groupCapNone(): Sentences {
    return ['group cap: none applies', '集团上限：不适用'];
  },
  groupCap(subjectEnglish: string, subjectChinese: string, memberCount: number, grantedUnits: number, capUnits: number, requested: number, limit: number): Sentences {
    const whoEnglish = memberCount === 1 ? 'the organisation (a group of one) has' : `the group of ${n(memberCount)} members has`;
    const whoChinese = memberCount === 1 ? '本机构（无其他集团成员）' : `本集团 ${n(memberCount)} 家成员`;
    const tailEnglish = limit >= requested ? `the ${n(requested)} units requested fit` : `at most ${n(limit)} more units`;
    const tailChinese = limit >= requested ? `所申请的 ${n(requested)} 台在上限以内` : `最多还可批准 ${n(limit)} 台`;
    return [
      `group cap (${subjectEnglish}): ${whoEnglish} been granted ${n(grantedUnits)} of ${n(capUnits)} units this period; ${tailEnglish}`,
      `集团上限（${subjectChinese}）：${whoChinese}本期已获批 ${n(grantedUnits)} 台（上限 ${n(capUnits)} 台）；${tailChinese}`,
    ];
  },

  adoptionNone(): Sentences {
    return ['adoption cap: none set', '采用率上限：未设定'];
  },
  adoptionDomesticItem(itemName: string): Sentences {
    return [`adoption cap: ${itemName} is domestic; it does not raise the foreign share`, `采用率上限：${itemName} 为国产型号，不会提高外国芯片占比`];
  },
  adoptionWholeShare(): Sentences {
    return ['adoption cap: the cap is 100 %; it does not limit the quantity', '采用率上限：上限为 100%，不限制数量'];
  },
  adoption(measure: AdoptionMeasure, hasFleet: boolean, shareTenthsOfPercent: number, capBasisPoints: number, requested: number, limit: number): Sentences {
    const fleetEnglish = hasFleet ? '' : ' (no fleet declared)';
    const fleetChinese = hasFleet ? '' : '（未申报算力清单）';
    const shareEnglish = measure === 'tpp' ? 'foreign share' : 'foreign share of units';
    const shareChinese = measure === 'tpp' ? '外国芯片算力占比' : '外国芯片数量占比';
    const share = formatTenthsOfPercent(shareTenthsOfPercent);
    const cap = formatBasisPoints(capBasisPoints);
    const tailEnglish =
      limit >= requested
        ? `the ${n(requested)} units requested keep it within the cap`
        : limit === 0
          ? 'no unit keeps it within the cap'
          : `at most ${n(limit)} units keep it under the cap`;
    const tailChinese =
      limit >= requested ? `所申请的 ${n(requested)} 台可保持在上限以内` : limit === 0 ? '任何数量都将超出上限' : `最多 ${n(limit)} 台可保持在上限以内`;
    return [
      `adoption cap${fleetEnglish}: ${shareEnglish} after grant would be ${share} % (cap ${cap} %); ${tailEnglish}`,
      `采用率上限${fleetChinese}：授予后${shareChinese}将为 ${share}%（上限 ${cap}%）；${tailChinese}`,
    ];
  },

  pairingNone(): Sentences {
    return ['domestic pairing: none required', '国产配套：未作要求'];
  },
  pairingDomesticItem(itemName: string): Sentences {
    return [`domestic pairing: not needed, ${itemName} is domestic`, `国产配套：${itemName} 为国产型号，无需配套`];
  },
  pairing(
    hasFleet: boolean,
    committed: number,
    domesticUnits: number,
    perForeignUnits: number,
    foreignAllowed: number,
    foreignGranted: number,
    requested: number,
    limit: number,
  ): Sentences {
    const fleetEnglish = hasFleet ? '' : ' (no fleet declared, so nothing committed)';
    const fleetChinese = hasFleet ? '' : '（未申报算力清单，视为未承诺）';
    const tailEnglish = limit >= requested ? `the ${n(requested)} units requested fit` : `so at most ${n(limit)} more`;
    const tailChinese = limit >= requested ? `所申请的 ${n(requested)} 台符合要求` : `最多还可批准 ${n(limit)} 台`;
    return [
      `domestic pairing${fleetEnglish}: ${n(committed)} domestic units committed allow ${n(foreignAllowed)} foreign units at ${n(domesticUnits)} domestic per ${n(perForeignUnits)} foreign; ${n(foreignGranted)} already granted this period, ${tailEnglish}`,
      `国产配套${fleetChinese}：已承诺采购国产芯片 ${n(committed)} 台，按每 ${n(perForeignUnits)} 台外国芯片配 ${n(domesticUnits)} 台国产芯片，可对应外国芯片 ${n(foreignAllowed)} 台；本期已获批 ${n(foreignGranted)} 台，${tailChinese}`,
    ];
  },
};

const SILENT: Sentences = ['', ''];

/**
 * The same functions, saying nothing: for bulk evaluation (an allocation round's caps for a
 * million applications) that reads the numbers and never the sentences. Rendering two sentences
 * per rule costs more than computing the rules, so it is skipped rather than thrown away.
 */
export const silentText: typeof text = Object.fromEntries(Object.keys(text).map((name) => [name, () => SILENT])) as unknown as typeof text;

function remainders(figures: { quotaUnits: number | null; remainingUnits: number | null; quotaTpp: number | null; remainingTpp: number | null }): Sentences {
  let english = '';
  let chinese = '';
  if (figures.quotaUnits !== null && figures.remainingUnits !== null) {
    english = `${n(figures.remainingUnits)} of ${n(figures.quotaUnits)} units`;
    chinese = `${n(figures.remainingUnits)} 台（共 ${n(figures.quotaUnits)} 台）`;
  }
  if (figures.quotaTpp !== null && figures.remainingTpp !== null) {
    english += `${english === '' ? '' : ' and '}${n(figures.remainingTpp)} of ${n(figures.quotaTpp)} TPP`;
    chinese += `${chinese === '' ? '' : '，'}TPP ${n(figures.remainingTpp)}（共 ${n(figures.quotaTpp)}）`;
  }
  return [english, chinese];
}

function fitEnglish(requested: number, limit: number): string {
  return limit >= requested ? `the ${n(requested)} units requested fit` : `at most ${n(limit)} units fit`;
}

function fitChinese(requested: number, limit: number, what: string): string {
  return limit >= requested ? `所申请的 ${n(requested)} 台在${what}之内` : `最多可批准 ${n(limit)} 台`;
}

export const RULE_LABELS: Record<string, Sentences> = {
  'policy-in-force': ['policy in force', '政策有效期'],
  'technical-envelope': ['technical envelope', '技术参数范围'],
  'end-use': ['end use', '最终用途'],
  'domestic-justification': ['domestic justification', '国产替代说明'],
  'category-access': ['category access', '类别准入'],
  holds: ['holds', '暂停与冻结措施'],
  'national-quota': ['national quota', '国家配额'],
  'category-budget': ['category budget', '类别预算'],
  'group-cap': ['group cap', '集团上限'],
  'adoption-cap': ['adoption cap', '采用率上限'],
  'domestic-pairing': ['domestic pairing', '国产配套'],
};

export const OUTCOME_LABELS: Record<string, Sentences> = {
  pass: ['pass', '通过'],
  limit: ['limit', '限量'],
  review: ['review', '人工审查'],
  hold: ['hold', '暂缓'],
  deny: ['deny', '拒绝'],
};
