/**
 * A rope for cannon-es, which has none: its DistanceConstraint is a rigid rod between centres.
 * One contact-style equation along the anchor-to-anchor line, clamped so it can pull but never push.
 */
import { Body, Constraint, ContactEquation, Vec3 } from 'cannon-es';

const DEFAULT_MAX_FORCE = 1e6;

export class CannonRopeConstraint extends Constraint {
  readonly length: number;
  /** Anchors in each body's own frame. */
  readonly anchorA: Vec3;
  readonly anchorB: Vec3;
  private readonly ropeEquation: ContactEquation;
  private readonly worldAnchorA = new Vec3();
  private readonly worldAnchorB = new Vec3();

  constructor(bodyA: Body, anchorA: Vec3, bodyB: Body, anchorB: Vec3, length: number, maxForce: number = DEFAULT_MAX_FORCE) {
    super(bodyA, bodyB);
    this.length = length;
    this.anchorA = anchorA.clone();
    this.anchorB = anchorB.clone();
    this.ropeEquation = new ContactEquation(bodyA, bodyB);
    // Negative multipliers pull B towards A; zero upper bound means a slack rope does nothing.
    this.ropeEquation.minForce = -maxForce;
    this.ropeEquation.maxForce = 0;
    this.equations.push(this.ropeEquation);
  }

  /** Called by the world before each solve: the equation's gap is |pB - pA| - length. */
  override update(): void {
    const { bodyA, bodyB, ropeEquation: equation } = this;
    bodyA.quaternion.vmult(this.anchorA, this.worldAnchorA);
    bodyB.quaternion.vmult(this.anchorB, this.worldAnchorB);
    const normal = equation.ni;
    normal.set(
      bodyB.position.x + this.worldAnchorB.x - bodyA.position.x - this.worldAnchorA.x,
      bodyB.position.y + this.worldAnchorB.y - bodyA.position.y - this.worldAnchorA.y,
      bodyB.position.z + this.worldAnchorB.z - bodyA.position.z - this.worldAnchorA.z,
    );
    if (normal.length() < 1e-12) normal.set(0, 0, 1); // anchors coincide: any direction is slack
    normal.normalize();
    // ri, rj carry the anchor offsets plus half the length each, so the gap along the normal is distance - length.
    const half = this.length / 2;
    equation.ri.set(this.worldAnchorA.x + normal.x * half, this.worldAnchorA.y + normal.y * half, this.worldAnchorA.z + normal.z * half);
    equation.rj.set(this.worldAnchorB.x - normal.x * half, this.worldAnchorB.y - normal.y * half, this.worldAnchorB.z - normal.z * half);
  }
}
