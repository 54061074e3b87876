/**
 * Word lists from which the generator names streets, parks, districts, the river and landmarks.
 * Trees, birds, stones and landscape words only, so no name points at a real person.
 */

export const STREET_WORDS: readonly string[] = [
  'Elm', 'Oak', 'Maple', 'Cedar', 'Pine', 'Birch', 'Willow', 'Ash', 'Aspen', 'Alder',
  'Beech', 'Cherry', 'Chestnut', 'Cypress', 'Hazel', 'Hickory', 'Holly', 'Juniper', 'Laurel', 'Linden',
  'Magnolia', 'Myrtle', 'Poplar', 'Redwood', 'Rowan', 'Spruce', 'Sycamore', 'Walnut', 'Yew', 'Hawthorn',
  'Lark', 'Robin', 'Sparrow', 'Wren', 'Heron', 'Falcon', 'Kestrel', 'Swallow', 'Finch', 'Dove',
  'Amber', 'Granite', 'Marble', 'Slate', 'Flint', 'Quartz', 'Jasper', 'Coral', 'Ivory', 'Onyx',
  'River', 'Lake', 'Harbor', 'Bay', 'Ridge', 'Meadow', 'Valley', 'Summit', 'Brook', 'Spring',
  'Orchard', 'Garden', 'Mill', 'Market', 'Bridge', 'Tower', 'Church', 'Castle', 'Canal', 'Quarry',
  'Sunset', 'Sunrise', 'Highland', 'Prairie', 'Forest', 'Hillside', 'Lantern', 'Anchor', 'Beacon', 'Compass',
  'Clover', 'Fern', 'Heather', 'Ivy', 'Lilac', 'Lotus', 'Poppy', 'Sage', 'Thistle', 'Violet',
];

/** Suffix and kind of a grid street by its direction: north-south avenues, east-west streets. */
export const NORTH_SOUTH_SUFFIX = 'Ave';
export const EAST_WEST_SUFFIX = 'St';
export const DIAGONAL_SUFFIX = 'Blvd';

export const RIVER_WORDS: readonly string[] = ['Silver', 'Green', 'Stone', 'Willow', 'Swift', 'Clear', 'Amber', 'Heron'];

export const RESIDENTIAL_DISTRICT_SUFFIXES: readonly string[] = ['Heights', 'Gardens', 'Hill', 'Terrace', 'Grove'];
export const INDUSTRIAL_DISTRICT_SUFFIXES: readonly string[] = ['Yards', 'Works', 'Docks'];
export const OUTSKIRTS_DISTRICT_SUFFIXES: readonly string[] = ['Fields', 'Meadows', 'Edge'];

/** Landmark colours: name and hex; the name is what a person would call the colour. */
export const LANDMARK_COLOURS: readonly { name: string; hex: string }[] = [
  { name: 'Red', hex: '#c8302c' },
  { name: 'Blue', hex: '#2f5fb8' },
  { name: 'Green', hex: '#2e8b57' },
  { name: 'Gold', hex: '#d4a017' },
  { name: 'Black', hex: '#222428' },
  { name: 'White', hex: '#f2f2ee' },
  { name: 'Orange', hex: '#e07020' },
  { name: 'Purple', hex: '#6a3d9a' },
  { name: 'Silver', hex: '#b4bac2' },
  { name: 'Teal', hex: '#1f8a8a' },
  { name: 'Pink', hex: '#d8609a' },
  { name: 'Copper', hex: '#b06a3b' },
];

export const TOWER_NOUNS: readonly string[] = ['Tower', 'Spire', 'Tower', 'Needle', 'Tower', 'Building'];

/** Civic landmarks placed on mid-rise buildings in the central districts. */
export const CIVIC_LANDMARKS: readonly string[] = [
  'City Hall', 'Central Station', 'Grand Hotel', 'City Museum', 'Public Library', 'Market Hall',
  'Opera House', 'General Hospital', 'Courthouse', 'Science Center', 'Old Post Office', 'Trade Center',
];
