/**
 * agents/ — the agent interface: action vocabulary, grounding, observations, skills,
 * scripted and LLM agents, the WebSocket server and client. This is the layer's public face.
 * The server and clients speak the wire protocol specified in docs/protocol.md.
 */
export {
  AgentError, type AgentErrorCode, type AgentAction, type ActResult, type AgentObservation, type AgentSummary,
  type FleetAgentDriver, type FleetResetOptions, type FleetResetResult, type FleetSession, type FleetStepResult, type FleetTaskName,
  type GroundedVerb, type ObservationModality, type PlaceSummary, type WorldDescription,
} from './session/fleet-session-contract.ts';
export {
  VERBS, VERB_NAMES, verbsFor, verbDefinition, parseVerb, vocabularyJsonSchema, vocabularyList, openAiToolDefinitions, verbArgsJsonSchema,
  type VocabularyEntry, type OpenAiToolDefinition, type ToolDefinitionOptions,
} from './vocabulary/verb-registry.ts';
export { VEHICLE_KINDS, type VehicleKind, type VerbDefinition, type VerbRung, type VerbWorldLimits } from './vocabulary/verb-definition.ts';
export { resolvePlace } from './grounding/place-resolver.ts';
export { groundText, GROUNDING_PHRASES, type GroundingContext } from './grounding/ground-text.ts';
export { groundTextWithLlm } from './grounding/llm-grounding.ts';
export {
  llmOptionsFromEnvironment, checkLlmOptions, createChatClient, isLlmAvailable, scrubSecret, DEFAULT_LLM_TIMEOUT_MS, DEFAULT_LLM_MAX_RETRIES, type LlmOptions,
} from './llm/llm-options.ts';
export { emptyLlmUsage, LlmRequestError, type LlmUsage } from './llm/llm-usage.ts';
export { checkLlmEndpoint, checkFailedCallShare, LlmEndpointError, DEFAULT_MAX_FAILED_CALL_SHARE, type EndpointCheckResult } from './llm/endpoint-check.ts';
export { parseToolCall, toolCallArguments, type ChatToolCall } from './llm/tool-call-parsing.ts';
export { createLlmAgentDriver, agentNeedsTurn, DEFAULT_MAX_CORRECTIONS, type LlmAgentDriver, type LlmAgentDriverOptions, type TranscriptEntry } from './llm/llm-agent-driver.ts';
export { createFleetSession, DEFAULT_FLEET, DEFAULT_WORLD_SIZE, MAX_STEPS_PER_CALL, type FleetSessionOptions, type FleetSessionExtras } from './session/fleet-session.ts';
export { SkillRunner } from './skills/skill-runner.ts';
export { startSkill, SKILL_VERBS } from './skills/skill-factory.ts';
export { planFlightRoute, highestSurfaceAlong, ROOF_CLEARANCE, MIN_CRUISE_ALTITUDE, type FlightRoute } from './skills/flight-route.ts';
export { planRoadRoute, type RoadRouteResult } from './skills/road-route.ts';
export type { Skill, SkillStatus, SkillContext } from './skills/skill.ts';
export { VECTOR_OBSERVATION_FIELDS, VECTOR_OBSERVATION_SIZE, buildVectorObservation } from './observations/vector-observation.ts';
export { buildJsonObservation } from './observations/json-observation.ts';
export { buildTextObservation } from './observations/text-observation.ts';
export { buildImageObservation, IMAGE_SIZE, type ImageObservation } from './observations/image-observation.ts';
export type { ObservationContext } from './observations/observation-context.ts';
export { createRunCommand, RUN_AGENT_KINDS } from './cli/run-command.ts';
export { runDeliveryEpisode, type DeliveryEpisodeOptions, type DeliveryEpisodeResult } from './cli/delivery-episode.ts';
export { createScriptedDriver, type ScriptedDriverOptions } from './scripted/scripted-driver.ts';
export {
  SkylineClient, SkylineRpcError, SkylineConnectionError,
  type SkylineClientOptions, type WebSocketLike, type WebSocketConstructor, type HelloResult, type FrameInfo, type SubscribeOptions,
} from './client/skyline-client.ts';
export { PROTOCOL_VERSION, RPC_ERRORS } from './server/json-rpc.ts';
