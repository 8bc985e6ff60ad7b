const KIND_OF_SCHOOL = /\s+(Primary|Infant|Junior|C of E|CE|Academy|School)(\s+(School|Academy))?\s*$/i;
const ONLY_A_KIND = /^(Primary|Infant|Junior|Academy|School)?$/i;

/** A school's name short enough to sit beside its dot: "St Aidan’s RC Primary School" → "St Aidan’s RC". */
export function shortSchoolName(name: string): string {
  const short = name.replace(KIND_OF_SCHOOL, '').trim();
  return ONLY_A_KIND.test(short) ? name : short;
}
