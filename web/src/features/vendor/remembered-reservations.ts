/**
 * The reservations this browser made, by id, so that the vendor finds them again: the API reads a
 * reservation by its id but has no list of a vendor's reservations yet. Only ids are kept; every
 * figure shown is read from the server.
 */
const KEEP_MAX = 50;

function key(userId: string): string {
  return `gatehouse.reservations.${userId}`;
}

export function rememberedReservations(userId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(userId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string').slice(0, KEEP_MAX) : [];
  } catch {
    return [];
  }
}

export function rememberReservation(userId: string, reservationId: string): void {
  const ids = [reservationId, ...rememberedReservations(userId).filter((id) => id !== reservationId)].slice(0, KEEP_MAX);
  try {
    localStorage.setItem(key(userId), JSON.stringify(ids));
  } catch {
    // Not remembered; the reservation exists all the same and can be opened by its id.
  }
}
