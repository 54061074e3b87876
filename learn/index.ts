/**
 * learn/ — trainers (PPO), networks with their gradients, policy files from trained networks,
 * learning curves and ONNX export. Uses sim/ and physics/ through their faces; no Node-only
 * code here, so the trainer bundles for the browser (the CLI is in index.node.ts).
 */
export { TrainableMlp, type MlpKernel } from './network/trainable-mlp.ts';
export { FastNetworkPolicy } from './network/fast-network-policy.ts';
export { AdamOptimizer, gradientNorm } from './network/adam-optimizer.ts';
export { RunningNormalizer } from './network/running-normalizer.ts';
export { PpoTrainer, DEFAULT_PPO_SETTINGS, type PpoSettings } from './ppo/ppo-trainer.ts';
export { Td3Trainer, DEFAULT_TD3_SETTINGS, type Td3Settings } from './td3/td3-trainer.ts';
export { resolveTrainOptions, randomizationFor, type TrainOptions, type ResolvedTrainOptions, type TrainIterationStats, type Trainer } from './trainer.ts';
export { actionMapping, policyFileFrom, type ActionMapping } from './policy/policy-builder.ts';
export { runTraining, createTrainer, evaluatePolicy, TRAIN_ALGORITHMS, type TrainAlgorithm, type TrainingRunOptions, type TrainingRunResult, type EvaluationOptions, type EvaluationResult } from './training-run.ts';
export { learningCurveSvg, type LearningCurvePoint } from './curve/learning-curve-svg.ts';
export { exportPolicyToOnnx } from './onnx/onnx-export.ts';
