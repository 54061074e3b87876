/**
 * agents/ — the agent interface: action vocabulary, grounding, observations, skills,
 * scripted and LLM agents, the WebSocket server and client. This is the layer's public face.
 */
export {
  AgentError, type AgentErrorCode, type AgentAction, type ActResult, type AgentObservation, type AgentSummary,
  type FleetAgentDriver, type FleetResetOptions, type FleetResetResult, type FleetSession, type FleetStepResult, type FleetTaskName,
  type GroundedVerb, type ObservationModality, type PlaceSummary, type WorldDescription,
} from './session/fleet-session-contract.ts';
