// A programme's impact as the server computes it and the dashboard and the PDF show it.
export interface Impact {
  schools: number;
  classes: number;
  /** Pupils in classes of confirmed or finished links. */
  children: number;
  links: Record<'proposed' | 'confirmed' | 'ended', number>;
  calls: { held: number; minutes: number };
  exchangeItems: number;
  linkProgress: { linkId: string; name: string; phase: number; done: number; total: number }[];
}

/** The headline figures, in the order councillors read them. */
export function headlineFigures(impact: Impact): [label: string, value: number][] {
  return [
    ['schools', impact.schools],
    ['classes', impact.classes],
    ['children in linked classes', impact.children],
    ['links confirmed', impact.links.confirmed + impact.links.ended],
    ['video calls held', impact.calls.held],
    ['minutes of calls', impact.calls.minutes],
    ['pieces of work exchanged', impact.exchangeItems],
  ];
}
