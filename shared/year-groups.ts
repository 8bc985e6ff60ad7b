export const YEAR_GROUPS = ['R', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6'] as const;
export type YearGroup = (typeof YEAR_GROUPS)[number];
