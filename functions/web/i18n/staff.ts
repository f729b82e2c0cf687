/** The words of the staff pages. */
const da = {};

export type StaffMessages = typeof da;

const en: StaffMessages = {};

export const staff = { da, en };
