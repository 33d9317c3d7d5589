/**
 * Facilities: an organisation's data centres, where licensed units must be delivered and attest
 * their location. Pure: types only.
 */
export interface Facility {
  id: string;
  organisationId: string;
  name: string;
  region: string;
  latitude: number;
  longitude: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}
