/**
 * Controlled items: the catalogue entries a policy sets quotas for. Pure: types and rules only.
 */

/** Origin relative to the regulating country; the adoption cap counts foreign compute. */
export const ITEM_ORIGINS = ['foreign', 'domestic'] as const;
export type ItemOrigin = (typeof ITEM_ORIGINS)[number];

export interface ControlledItem {
  id: string;
  /** e.g. "NVIDIA H200 SXM 141 GB". Unique in the catalogue. */
  name: string;
  vendor: string;
  /** Export classification, e.g. ECCN "3A090.a". */
  classificationCode: string;
  /** Item family the policy's quotas are set per, e.g. "H200"; defaults to the name. */
  family: string;
  origin: ItemOrigin;
  /**
   * Total processing performance per unit as export rules define it: 2 × MacTOPS × bit length
   * of the operation. The H200's is about 15,832. An integer: TPP moves through the ledger.
   */
  tpp: number;
  memoryGb: number;
  memoryBandwidthGbPerSecond: number;
  /** How many units one package counts: a server of 8 GPUs counts 8. */
  unitsPerPackage: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}
