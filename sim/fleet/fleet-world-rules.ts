/**
 * World rules of the fleet city that a benchmark counts (DeliveryBench counts violations):
 * robots that touch each other or a drone, and drones inside a no-fly zone (WorldIndex.noFlyZoneAt). Contacts and entries
 * are counted once when they begin, not on every step they last. Robots are counted, not pushed
 * apart (each keeps its lane); an airborne drone low enough to touch a robot crashes. A drone
 * parked on the ground is passed by (robots meet them in depot yards at every hand-off).
 */
/** Height of a delivery robot's body (a Starship-class robot is about 0.55 m), m: a drone lower than this over a robot touches it. */
export const ROBOT_BODY_HEIGHT = 0.55;

/** Pairs in contact, remembered between steps so that a contact is counted when it begins. */
export class ContactMemory {
  private readonly touching: Uint8Array;

  constructor(private readonly columns: number, rows: number) {
    this.touching = new Uint8Array(Math.max(0, columns * rows));
  }

  /** Records whether pair (row, column) touches now; true when the contact has just begun. */
  begins(row: number, column: number, touching: boolean): boolean {
    const k = row * this.columns + column;
    const before = this.touching[k] === 1;
    this.touching[k] = touching ? 1 : 0;
    return touching && !before;
  }
}
