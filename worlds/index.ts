/**
 * worlds/ — procedural cities: WorldSpec, the seeded generator, spatial queries, places and sensors.
 * This is the layer's public face.
 */
export {};
