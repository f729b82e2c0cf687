/** The words of the council pages. */
const da = {};

export type CouncilMessages = typeof da;

const en: CouncilMessages = {};

export const council = { da, en };
