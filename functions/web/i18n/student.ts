/** The words of the student pages. */
const da = {};

export type StudentMessages = typeof da;

const en: StudentMessages = {};

export const student = { da, en };
