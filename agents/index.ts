/**
 * agents/ — the agent interface: action vocabulary, grounding, observations, skills,
 * scripted and LLM agents, the WebSocket server and client. This is the layer's public face.
 */
export {};
