// Board elements a class wrote that name personal details (shared/safeguarding/
// personal-details.ts): kept out of the document, for the teachers of the class's school
// to let through or remove. Stored with the board's settings (LiveBoard saves them), so a
// hold waits for its teacher across a restart or the board being put away.
import type { BoardElement } from '../../shared/board/elements.js';

export interface HeldElement {
  element: BoardElement;
  /** The sending class's school: only its teachers decide. */
  schoolId: string;
  by: string;
  text: string;
  reason: string;
}

/** What a teacher of the school sees of a held element. */
export interface HeldElementView {
  elementId: string;
  by: string;
  text: string;
  reason: string;
}

export class HeldElements {
  private readonly held = new Map<string, HeldElement>();

  constructor(entries: Iterable<[string, HeldElement]> = []) {
    for (const [id, entry] of entries) this.held.set(id, entry);
  }

  entries(): [string, HeldElement][] {
    return [...this.held.entries()];
  }

  hold(elementId: string, entry: HeldElement): void {
    this.held.set(elementId, entry);
  }

  get(elementId: string): HeldElement | undefined {
    return this.held.get(elementId);
  }

  /** Takes a held element out, to place it or to drop it. */
  take(elementId: string): HeldElement | undefined {
    const entry = this.held.get(elementId);
    this.held.delete(elementId);
    return entry;
  }

  forSchool(schoolId: string): HeldElementView[] {
    return [...this.held.entries()]
      .filter(([, h]) => h.schoolId === schoolId)
      .map(([elementId, h]) => ({ elementId, by: h.by, text: h.text, reason: h.reason }));
  }
}
