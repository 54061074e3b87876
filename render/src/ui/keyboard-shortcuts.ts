/** Every keyboard shortcut, in one table: the key handler and the help overlay both read it. */
export type ShortcutAction =
  | 'togglePlay' | 'stepBack' | 'stepForward' | 'jumpBack' | 'jumpForward' | 'slower' | 'faster' | 'toStart' | 'toEnd'
  | 'previousEvent' | 'nextEvent' | 'nextAgent' | 'previousAgent' | 'follow' | 'release' | 'frameFleet' | 'trails'
  | 'targets' | 'labels' | 'panels' | 'help';

export interface Shortcut {
  keys: string[]; // KeyboardEvent.key values
  shift?: boolean;
  label: string; // as shown in the help
  action: ShortcutAction;
  description: string;
  recordingOnly?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', action: 'togglePlay', description: 'Play / pause', recordingOnly: true },
  { keys: ['ArrowLeft'], label: '←', action: 'stepBack', description: 'One frame back', recordingOnly: true },
  { keys: ['ArrowRight'], label: '→', action: 'stepForward', description: 'One frame forward', recordingOnly: true },
  { keys: ['ArrowLeft'], shift: true, label: 'Shift ←', action: 'jumpBack', description: 'One second back', recordingOnly: true },
  { keys: ['ArrowRight'], shift: true, label: 'Shift →', action: 'jumpForward', description: 'One second forward', recordingOnly: true },
  { keys: ['['], label: '[', action: 'slower', description: 'Slower playback', recordingOnly: true },
  { keys: [']'], label: ']', action: 'faster', description: 'Faster playback', recordingOnly: true },
  { keys: ['Home'], label: 'Home', action: 'toStart', description: 'Go to the start', recordingOnly: true },
  { keys: ['End'], label: 'End', action: 'toEnd', description: 'Go to the end', recordingOnly: true },
  { keys: [','], label: ',', action: 'previousEvent', description: 'Previous crash, failure or delivery', recordingOnly: true },
  { keys: ['.'], label: '.', action: 'nextEvent', description: 'Next crash, failure or delivery', recordingOnly: true },
  { keys: ['n', 'N', 'Tab'], label: 'N / Tab', action: 'nextAgent', description: 'Select the next agent' },
  { keys: ['p', 'P'], label: 'P', action: 'previousAgent', description: 'Select the previous agent' },
  { keys: ['f', 'F'], label: 'F', action: 'follow', description: 'Follow the selected agent' },
  { keys: ['Escape'], label: 'Esc', action: 'release', description: 'Stop following, then deselect' },
  { keys: ['r', 'R'], label: 'R', action: 'frameFleet', description: 'Reset the camera onto the fleet' },
  { keys: ['t', 'T'], label: 'T', action: 'trails', description: 'Trails: all / selected / off' },
  { keys: ['g', 'G'], label: 'G', action: 'targets', description: 'Targets and routes on / off' },
  { keys: ['l', 'L'], label: 'L', action: 'labels', description: 'Labels on / off' },
  { keys: ['b', 'B'], label: 'B', action: 'panels', description: 'Panels on / off' },
  { keys: ['?', 'h', 'H'], label: '? / H', action: 'help', description: 'This help' },
];

export function shortcutFor(event: KeyboardEvent): Shortcut | null {
  for (const shortcut of SHORTCUTS) {
    if (!shortcut.keys.includes(event.key)) continue;
    if (event.key.startsWith('Arrow') && Boolean(shortcut.shift) !== event.shiftKey) continue;
    return shortcut;
  }
  return null;
}
