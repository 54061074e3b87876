import { BUILTIN_POLICY_NAMES } from '../policies/builtin-policies.ts';
import { parsePolicyFile, type PolicyFile } from '../policies/policy-file.ts';

/** commander parser of --policy: a built-in policy's name or a policy file (*.json, from `skyline train`). */
export function policyChoice(value: string): string {
  if ((BUILTIN_POLICY_NAMES as readonly string[]).includes(value) || value.endsWith('.json')) return value;
  throw new Error(`--policy "${value}": accepted: ${BUILTIN_POLICY_NAMES.join(', ')} or a policy file ending in .json (from \`skyline train\`)`);
}

export function isPolicyFilePath(policy: string): boolean {
  return policy.endsWith('.json');
}

/** Reads and checks a policy file named by a CLI flag; fs is imported when called (sim/'s face still bundles for the browser). */
export async function readPolicyFile(path: string, flag = '--policy'): Promise<PolicyFile> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}); accepted: a policy file such as \`skyline train --out hover.policy.json\` writes`);
  }
  return parsePolicyFile(text, `${flag} ${path}`);
}
