/** Bad input to a fleet world: names the offending field and, where it helps, the accepted values. */
export class FleetInputError extends RangeError {
  constructor(message: string, readonly field: string, readonly known: string[] = []) {
    super(message);
    this.name = 'FleetInputError';
  }
}
