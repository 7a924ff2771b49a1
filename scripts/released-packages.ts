/** The packages this repository releases, each from its own tag `<tagName>@X.Y.Z`. */
export const RELEASED_PACKAGES: readonly { dir: string; tagName: string }[] = [
  { dir: 'n8n-nodes', tagName: 'n8n-nodes-clarky' },
  { dir: 'zapier-app', tagName: 'zapier' },
];

/** `n8n-nodes-clarky@X.Y.Z or zapier@X.Y.Z`: what a tag or `release:version` may name. */
export const RELEASE_TAG_SHAPES = RELEASED_PACKAGES.map((released) => `${released.tagName}@X.Y.Z`).join(' or ');
