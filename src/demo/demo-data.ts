/**
 * The demo scenario's registry, as plain data: the accelerators and organisations of the reported
 * 2026 case, with plausible (not real) fleet figures. Deterministic: the same every time.
 */
import type { OrganisationCategory } from '../registry/index.js';

export const DEMO_ITEMS = [
  { name: 'NVIDIA H200 SXM 141 GB', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15_832, memoryGb: 141, memoryBandwidthGbPerSecond: 4_800 },
  { name: 'NVIDIA H20 96 GB', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H20', origin: 'foreign', tpp: 2_368, memoryGb: 96, memoryBandwidthGbPerSecond: 4_000 },
  { name: 'AMD Instinct MI325X', vendor: 'AMD', classificationCode: '3A090.a', family: 'MI325X', origin: 'foreign', tpp: 20_800, memoryGb: 256, memoryBandwidthGbPerSecond: 6_000 },
  { name: 'Huawei Ascend 910C', vendor: 'Huawei', classificationCode: 'domestic', family: 'Ascend 910C', origin: 'domestic', tpp: 12_800, memoryGb: 128, memoryBandwidthGbPerSecond: 3_200 },
  { name: 'Cambricon MLU590', vendor: 'Cambricon', classificationCode: 'domestic', family: 'MLU590', origin: 'domestic', tpp: 5_000, memoryGb: 80, memoryBandwidthGbPerSecond: 2_000 },
] as const;

export interface DemoOrganisation {
  key: string;
  legalName: string;
  chineseName: string | null;
  aliases: string[];
  category: OrganisationCategory;
  parentKey?: string;
  facility?: { name: string; region: string; latitude: number; longitude: number };
  /** Installed units by item family, and domestic units committed for 2026. */
  fleet?: { holdings: Partial<Record<(typeof DEMO_ITEMS)[number]['family'], number>>; domesticUnitsCommitted: number };
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    key: 'bytedance',
    legalName: 'Beijing ByteDance Technology Co., Ltd.',
    chineseName: '北京字节跳动科技有限公司',
    aliases: ['ByteDance', '字节跳动'],
    category: 'big-tech-platform',
    facility: { name: 'Ulanqab data centre', region: 'Inner Mongolia', latitude: 41.03, longitude: 113.13 },
    fleet: { holdings: { H20: 180_000, 'Ascend 910C': 240_000 }, domesticUnitsCommitted: 150_000 },
  },
  {
    key: 'alibaba',
    legalName: 'Alibaba Group Holding Limited',
    chineseName: '阿里巴巴集团控股有限公司',
    aliases: ['Alibaba', '阿里巴巴'],
    category: 'big-tech-platform',
    facility: { name: 'Zhangbei data centre', region: 'Hebei', latitude: 41.16, longitude: 114.7 },
    fleet: { holdings: { H20: 120_000, 'Ascend 910C': 200_000, MLU590: 20_000 }, domesticUnitsCommitted: 120_000 },
  },
  {
    key: 'alibaba-cloud',
    legalName: 'Alibaba Cloud Computing Co., Ltd.',
    chineseName: '阿里云计算有限公司',
    aliases: ['Aliyun', '阿里云'],
    category: 'cloud-provider',
    parentKey: 'alibaba',
    facility: { name: 'Hangzhou Renhe data centre', region: 'Zhejiang', latitude: 30.42, longitude: 120.3 },
    fleet: { holdings: { H20: 60_000, 'Ascend 910C': 30_000 }, domesticUnitsCommitted: 50_000 },
  },
  {
    key: 'taobao',
    legalName: 'Taobao (China) Software Co., Ltd.',
    chineseName: '淘宝（中国）软件有限公司',
    aliases: ['Taobao', '淘宝'],
    category: 'big-tech-platform',
    parentKey: 'alibaba',
  },
  {
    key: 'tencent',
    legalName: 'Shenzhen Tencent Computer Systems Co., Ltd.',
    chineseName: '深圳市腾讯计算机系统有限公司',
    aliases: ['Tencent', '腾讯'],
    category: 'big-tech-platform',
    facility: { name: 'Qingyuan data centre', region: 'Guangdong', latitude: 23.68, longitude: 113.05 },
    fleet: { holdings: { H20: 150_000, 'Ascend 910C': 200_000 }, domesticUnitsCommitted: 130_000 },
  },
  {
    key: 'baidu',
    legalName: 'Beijing Baidu Netcom Science and Technology Co., Ltd.',
    chineseName: '北京百度网讯科技有限公司',
    aliases: ['Baidu', '百度'],
    category: 'big-tech-platform',
    facility: { name: 'Yangquan data centre', region: 'Shanxi', latitude: 37.86, longitude: 113.58 },
    fleet: { holdings: { H20: 50_000, 'Ascend 910C': 45_000 }, domesticUnitsCommitted: 80_000 },
  },
  {
    key: 'kingsoft-cloud',
    legalName: 'Beijing Kingsoft Cloud Network Technology Co., Ltd.',
    chineseName: '北京金山云网络技术有限公司',
    aliases: ['Kingsoft Cloud', '金山云'],
    category: 'cloud-provider',
    facility: { name: 'Qingyang computing hub', region: 'Gansu', latitude: 35.71, longitude: 107.64 },
    fleet: { holdings: { H20: 12_000, MLU590: 6_000, 'Ascend 910C': 5_000 }, domesticUnitsCommitted: 10_000 },
  },
  {
    key: 'china-mobile',
    legalName: 'China Mobile Communications Group Co., Ltd.',
    chineseName: '中国移动通信集团有限公司',
    aliases: ['China Mobile', '中国移动'],
    category: 'telecom-operator',
    facility: { name: 'Hohhot intelligent computing centre', region: 'Inner Mongolia', latitude: 40.84, longitude: 111.75 },
    fleet: { holdings: { 'Ascend 910C': 30_000, H20: 8_000 }, domesticUnitsCommitted: 40_000 },
  },
  {
    key: 'china-telecom',
    legalName: 'China Telecom Corporation Limited',
    chineseName: '中国电信集团有限公司',
    aliases: ['China Telecom', '中国电信'],
    category: 'telecom-operator',
    facility: { name: 'Shanghai Lingang computing centre', region: 'Shanghai', latitude: 30.9, longitude: 121.93 },
    fleet: { holdings: { 'Ascend 910C': 25_000, H20: 5_000 }, domesticUnitsCommitted: 30_000 },
  },
  {
    key: 'tsinghua-lab',
    legalName: 'Tsinghua University Institute for AI',
    chineseName: '清华大学人工智能研究院',
    aliases: ['Tsinghua AIR'],
    category: 'research-institute',
    facility: { name: 'Haidian campus cluster', region: 'Beijing', latitude: 40.0, longitude: 116.33 },
    fleet: { holdings: { H20: 800, 'Ascend 910C': 1_200 }, domesticUnitsCommitted: 1_000 },
  },
  {
    key: 'lingxi',
    legalName: 'Suzhou Lingxi Intelligence Technology Co., Ltd.',
    chineseName: '苏州灵犀智能科技有限公司',
    aliases: ['Lingxi AI'],
    category: 'small-firm',
    facility: { name: 'Suzhou Industrial Park rack', region: 'Jiangsu', latitude: 31.32, longitude: 120.72 },
    fleet: { holdings: { H20: 300, MLU590: 200 }, domesticUnitsCommitted: 300 },
  },
  { key: 'nvidia-distributor', legalName: 'NVIDIA Singapore Pte. Ltd.', chineseName: null, aliases: ['NVIDIA'], category: 'vendor' },
  { key: 'customs', legalName: 'General Administration of Customs', chineseName: '中华人民共和国海关总署', aliases: ['GACC'], category: 'customs-authority' },
];

/** One demo user per role; the applicants belong to several organisations. */
export const DEMO_USERS = [
  { login: 'policy-admin', displayName: 'Wang Lei (policy)', role: 'policy-admin', organisationKey: null },
  { login: 'reviewer', displayName: 'Li Na (review)', role: 'reviewer', organisationKey: null },
  { login: 'approver', displayName: 'Zhang Wei (approvals)', role: 'approver', organisationKey: null },
  { login: 'approver-2', displayName: 'Chen Jing (second approvals)', role: 'approver', organisationKey: null },
  { login: 'auditor', displayName: 'Zhao Min (audit)', role: 'auditor', organisationKey: null },
  { login: 'applicant-bytedance', displayName: 'ByteDance procurement', role: 'applicant', organisationKey: 'bytedance' },
  { login: 'applicant-alibaba', displayName: 'Alibaba procurement', role: 'applicant', organisationKey: 'alibaba' },
  { login: 'applicant-china-mobile', displayName: 'China Mobile procurement', role: 'applicant', organisationKey: 'china-mobile' },
  { login: 'applicant-lingxi', displayName: 'Lingxi AI founder', role: 'applicant', organisationKey: 'lingxi' },
  { login: 'vendor-nvidia', displayName: 'NVIDIA order desk', role: 'vendor', organisationKey: 'nvidia-distributor' },
  { login: 'customs-officer', displayName: 'Customs officer Liu', role: 'customs', organisationKey: 'customs' },
] as const;

/** The demo's published sign-ins: fixed so that they survive restarts. Never use them for real data. */
export function demoToken(login: string): string {
  return `gh_demo_${login}`;
}
