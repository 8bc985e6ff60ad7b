// A class as the solver sees it (solver.ts, regroup.ts): its school and year group, by number.
export interface SolverClass {
  school: number;
  /** The class's school year group (one school, one year group). */
  group: number;
}
