/**
 * Free text into clauses, one action each: politeness and filler dropped ("please could you
 * kindly"), sequences split ("take off, then fly to Depot 2", "fly to X and land").
 */

/** The first words of every phrase the rules understand; a chunk after "and" or "," starting with one is a new clause. */
export const VERB_START = new RegExp(
  '^(?:fly|go|head|navigate|travel|move|proceed|return|drive|make (?:your|its) way|take\\s*off|lift\\s*off|launch|land|touch\\s*down|set down|' +
    'hover|hold|stay|loiter|wait|pause|stand by|sit tight|climb|ascend|rise|descend|drop|deliver|hand|unload|put|pick|collect|grab|fetch|load|' +
    'follow|track|escort|shadow|tell|inform|notify|message|radio|say|broadcast|announce|stop|halt|freeze|' +
    'motors|wheels|rates|velocity|goto|takeoff|fly_to|drive_to|pick_up|drop_off)\\b',
  'i',
);

/** Clauses that carry free text of their own are never split further ("tell robot-1 that X and Y"). */
const SAY_START = /^(?:tell|inform|notify|message|radio|say|broadcast|announce)\b/i;

const LEADING_FILLER = new RegExp(
  '^(?:please|pls|plz|kindly|(?:could|can|would|will) you(?: please)?|i(?:\'d| would) like (?:you|it) to|i (?:want|need) you to|' +
    'go ahead and|be so kind as to|be a dear and|hey|hi|hello|ok(?:ay)?|alright|right|now|first(?: of all)?|next|finally|then|and|also|so)\\b[\\s,:;!]*',
  'i',
);
const TRAILING_FILLER = /[\s,]*(?:please|thanks|thank you|if you can|if possible|if you would|for me|asap|right away|now|when you can)[\s.!?]*$/i;

/** Removes politeness and filler at both ends of a clause, repeatedly, and an addressee ("drone-1, ..."). */
export function stripFiller(clause: string, addressees: readonly string[] = []): string {
  let text = clause.trim().replace(/[.!?]+$/, '').trim();
  for (let changed = true; changed; ) {
    changed = false;
    const addressee = addressees.find((id) => text.toLowerCase().startsWith(`${id.toLowerCase()},`) || text.toLowerCase().startsWith(`${id.toLowerCase()}:`));
    if (addressee) {
      text = text.slice(addressee.length + 1).trim();
      changed = true;
    }
    const leading = LEADING_FILLER.exec(text);
    if (leading && leading[0].length > 0 && leading[0].length < text.length) {
      text = text.slice(leading[0].length).trim();
      changed = true;
    }
    const trailing = TRAILING_FILLER.exec(text);
    if (trailing && trailing.index > 0) {
      text = text.slice(0, trailing.index).trim();
      changed = true;
    }
    // "please" in the middle ("fly please to ...") carries nothing either.
    const inner = text.replace(/\s+(?:please|kindly)\b/gi, '');
    if (inner !== text) {
      text = inner;
      changed = true;
    }
  }
  return text.replace(/[.!?,;]+$/, '').trim();
}

/** Splits text into clauses on sequence words, semicolons and sentence ends, then on "and"/"," before a verb. */
export function splitClauses(text: string, addressees: readonly string[] = []): string[] {
  const sentences = text
    .split(/\s*(?:;|[.!?](?:\s+|$)|,?\s*\b(?:and\s+)?(?:then|afterwards|after that|after which|once (?:there|done|you are there))\b[,:]?|,?\s*\band finally\b)\s*/i)
    .map((part) => stripFiller(part ?? '', addressees))
    .filter((part) => part.length > 0);
  const clauses: string[] = [];
  for (const sentence of sentences) {
    if (SAY_START.test(sentence)) {
      clauses.push(sentence);
      continue;
    }
    // Odd entries are the separators themselves, kept to glue back pieces that are not new actions.
    const parts = sentence.split(/(\s*,\s*(?:and\s+)?|\s+and\s+)/i);
    let current = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const cleaned = stripFiller(parts[i + 1] ?? '', addressees);
      if (VERB_START.test(cleaned)) {
        clauses.push(current);
        current = cleaned;
      } else {
        current = `${current}${parts[i]}${parts[i + 1] ?? ''}`;
      }
    }
    clauses.push(current);
  }
  return clauses.map((clause) => stripFiller(clause, addressees)).filter((clause) => clause.length > 0);
}
