/**
 * A Lambert material whose geometry is scaled by one shared uniform before instancing: vehicles
 * keep their real shape but grow with the camera distance so that a 13 cm drone stays visible over
 * a 2 km city, while the instance matrices hold only true positions and attitudes.
 */
import { MeshLambertMaterial, type IUniform } from 'three';

export class ScalableLambertMaterial extends MeshLambertMaterial {
  readonly visualScale: IUniform<number> = { value: 1 };

  constructor(parameters: ConstructorParameters<typeof MeshLambertMaterial>[0] = {}) {
    super({ vertexColors: true, ...parameters });
    this.onBeforeCompile = (shader) => {
      shader.uniforms.visualScale = this.visualScale;
      shader.vertexShader = 'uniform float visualScale;\n' + shader.vertexShader.replace(
        '#include <begin_vertex>',
        '#include <begin_vertex>\ntransformed *= visualScale;',
      );
    };
  }

  override customProgramCacheKey(): string {
    return 'skyline-scalable-lambert';
  }
}
