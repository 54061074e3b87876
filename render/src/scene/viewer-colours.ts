/** The viewer's palette: muted city, saturated vehicles, so that the fleet stands out. */
export const CITY_COLOURS = {
  countryside: '#c8cfbd',
  asphalt: '#6b7079',
  road: '#555a63',
  bridge: '#9aa0a8',
  sidewalk: '#d4d1c8',
  park: '#86b46d',
  water: '#5d9fd6',
  depot: '#f59f00',
  rooftopPad: '#15aabf',
  groundPad: '#12b886',
  noFly: '#fa5252',
} as const;

export const FLEET_COLOURS = {
  drone: '#1c7ed6',
  robot: '#7048e8',
  parcel: '#b5651d',
  selected: '#fab005',
  droneSelected: '#4dabf7',
  robotSelected: '#9775fa',
  crashed: '#e03131',
  inactive: '#868e96',
  trail: '#1971c2',
  trailSelected: '#f08c00',
  target: '#2b8a3e',
} as const;
