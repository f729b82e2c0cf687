/** The words of the admin pages. */
const da = {};

export type AdminMessages = typeof da;

const en: AdminMessages = {};

export const admin = { da, en };
