/**
 * Street addresses: "12 Elm St" is how the world writes them; "Elm St 12", "12 elm street" and
 * "Elm St #12" are read as the same address.
 */
import type { Address } from './world-spec.ts';
import { placeWords } from './fuzzy-match.ts';

export function formatAddress(address: Address): string {
  return `${address.number} ${address.street}`;
}

/** Splits address-like text into a house number and the street words; null when it has no number at either end. */
export function parseAddressText(text: string): { number: number; streetText: string } | null {
  const words = placeWords(text.replace(/#/g, ' ')).filter((word) => word !== 'no' && word !== 'number');
  if (words.length < 2) return null;
  const first = words[0];
  const last = words[words.length - 1];
  if (/^\d+$/.test(first) && !/^\d+$/.test(words[1])) return { number: Number(first), streetText: words.slice(1).join(' ') };
  if (/^\d+$/.test(last)) return { number: Number(last), streetText: words.slice(0, -1).join(' ') };
  return null;
}
