/**
 * worlds/ — procedural cities: WorldSpec, the seeded generator, spatial queries, places and sensors.
 * This is the layer's public face.
 */

// The WorldSpec: schema, types, loading and saving.
export {
  WORLD_SPEC_VERSION,
  WorldSpecSchema,
  type Address,
  type Block,
  type BlockUse,
  type Bridge,
  type Building,
  type Depot,
  type District,
  type DistrictKind,
  type Intersection,
  type NoFlyZone,
  type Pad,
  type Park,
  type Point2,
  type River,
  type RoadSegment,
  type Sidewalk,
  type Street,
  type Vector3,
  type WindField,
  type WorldBounds,
  type WorldSpec,
} from './world-spec.ts';
export { parseWorldSpec, validateWorldSpec, serializeWorldSpec, worldSpecJsonSchema } from './world-spec-io.ts';
export { WorldValidationError, formatJsonPath } from './validation-errors.ts';

// Generating worlds, from params or from words.
export {
  GeneratorParamsSchema,
  DENSITY_BY_WORD,
  parseGeneratorParams,
  type GeneratorParams,
  type GeneratorParamsInput,
  type HeightProfile,
} from './generator-params.ts';
export { generateWorld, checkSeed } from './city-generator.ts';
export { keywordParamsFromPrompt, paramsFromPrompt, type PromptInterpretation } from './prompt-keyword-rules.ts';
export { paramsFromPromptWithLlm, isLlmConfigured, DEFAULT_WORLD_MODEL, type LlmPromptOptions } from './llm-world-params.ts';

// Queries.
export { WorldIndex, type WorldIndexOptions } from './world-index.ts';
export { BuildingGrid, BOX_STRIDE, type BuildingBox } from './spatial-grid.ts';
export { RaycastResult, HIT_NONE, HIT_BUILDING, HIT_GROUND, type RaycastHit, type HitKindCode } from './raycast.ts';
export { RoadGraph, type RoadRoute, type RouteStep } from './road-graph.ts';
export { PlaceIndex, DESCRIPTION_FORMS, type Place, type PlaceKind, type PlaceLookup } from './place-lookup.ts';
export { formatAddress, parseAddressText } from './street-address.ts';
export { colourWordOfHex, type ColourWord } from './hex-colours.ts';
export {
  GroundRaster,
  SURFACE_CLASS_NAMES,
  SURFACE_SKY,
  SURFACE_BUILDING,
  SURFACE_ROAD,
  SURFACE_SIDEWALK,
  SURFACE_PARK,
  SURFACE_WATER,
  SURFACE_LOT,
  SURFACE_DEPOT,
  SURFACE_PAD,
} from './ground-raster.ts';
export { WindSampler } from './wind-sampler.ts';

// Sensors.
export { poseRotation, quaternionFromYawPitchRoll, type SensorPose, type Vec3 } from './sensor-pose.ts';
export { PinholeRays, type PinholeOptions } from './pinhole-rays.ts';
export { CameraSensor, type CameraOptions, type RgbImage } from './camera-sensor.ts';
export { setSceneMarkers, sceneMarkersOf, raycastMarkers, type SceneMarker, type MarkerHit } from './scene-markers.ts';
export { DepthCamera, type DepthCameraOptions, type DepthImage } from './depth-camera.ts';
export { SegmentationCamera, type SegmentationCameraOptions, type SegmentationImage } from './segmentation-camera.ts';
export { LidarSensor, type LidarOptions, type LidarScan } from './lidar-sensor.ts';

// Pictures.
export { renderMap, type MapImage, type MapOptions } from './map-renderer.ts';
export { encodePng, encodePngSync } from './png-encoder.ts';
