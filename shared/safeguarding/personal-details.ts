// The personal-details guard: pupils share first names only (the Linking Network's
// guidance), so words a class writes for its partner class are checked for what would let
// a stranger find or contact a child: UK phone numbers, email addresses, postcodes, street
// addresses, social-media handles and links, and the surnames a teacher listed for the
// class. A match is held for the sending teacher, never shown to the partner class.
// Pure: the same check runs on the server (which decides) and may run in the browser.
//
// It errs towards holding: a teacher releases a false alarm with one click, while a phone
// number shown to another school cannot be taken back. Times (10:30), years (Year 4, 1066),
// sums (12 x 7 = 84) and short numbers pass.

export type PersonalDetailKind = 'phone' | 'email' | 'postcode' | 'address' | 'social' | 'link' | 'surname';

export interface PersonalDetail {
  kind: PersonalDetailKind;
  /** The words that matched, as written. */
  match: string;
}

/** What a teacher reads when something is held. */
export const PERSONAL_DETAIL_REASONS: Record<PersonalDetailKind, string> = {
  phone: 'a phone number',
  email: 'an email address',
  postcode: 'a postcode',
  address: 'a street address',
  social: 'a social-media name',
  link: 'a link to a website',
  surname: 'a surname from the class list',
};

// UK numbers: 07xxx xxxxxx mobiles, 01/02/03 landlines, +44 / 0044 forms, with spaces, dots,
// dashes or brackets between groups — 10 or 11 digits in all once the separators go.
const PHONE = /(?:\+\s*44|\b0044|\b0)[\s().-]*(?:\d[\s().-]*){9,10}\b/g;
const EMAIL = /[A-Za-z0-9._%+-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[A-Za-z0-9-]+)+/gi;
// Full UK postcodes (outward and inward parts), e.g. PR1 2HE, SW1A 1AA, m1 1ae.
const POSTCODE = /\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b/gi;
const STREET_WORDS =
  'road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|grove|place|gardens|terrace|court|square|row|hill|mews|walk|view|park|rise|green|parade|boulevard|wharf';
// A house number and a street: "12 Acacia Avenue", "flat 3, 14 Mill Lane", "22b Church St".
const ADDRESS = new RegExp(`\\b\\d{1,4}[a-z]?,?\\s+(?:[A-Za-z'-]+\\s+){1,3}(?:${STREET_WORDS})\\b\\.?`, 'gi');
const SOCIAL_NAME = /(?:^|[\s(])@[A-Za-z0-9_.]{3,30}\b/g;
const SOCIAL_SITE =
  /\b(?:snap(?:chat)?|insta(?:gram)?|tik\s?tok|facebook|fb|whats\s?app|discord|roblox|x\.com|twitter|youtube|twitch|minecraft)\b[\s:]*(?:is|me|name|@|id)?[\s:]*[A-Za-z0-9_.]{3,}/gi;
const LINK = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:com|co\.uk|org|net|uk|io|me|tv|gg|app)\b(?:\/\S*)?/gi;

const digitsIn = (s: string) => s.replace(/\D/g, '').length;

function matches(re: RegExp, text: string): string[] {
  return [...text.matchAll(re)].map((m) => m[0].trim());
}

/** Every personal detail in a text; an empty list when it may be shown. */
export function findPersonalDetails(text: string, opts: { surnames?: readonly string[] } = {}): PersonalDetail[] {
  const found: PersonalDetail[] = [];
  const add = (kind: PersonalDetailKind, list: string[]) => list.forEach((match) => found.push({ kind, match }));
  // After +44 / 0044 a UK number has 9–10 digits; written from 0, 10–11 in all.
  const phones = matches(PHONE, text).filter((m) => {
    const international = /^(?:\+\s*44|0044)/.exec(m);
    const d = digitsIn(international ? m.slice(international[0].length) : m);
    return international ? d === 9 || d === 10 : d === 10 || d === 11;
  });
  add('phone', phones);
  const emails = matches(EMAIL, text);
  add('email', emails);
  add('postcode', matches(POSTCODE, text));
  add('address', matches(ADDRESS, text));
  add('social', [...matches(SOCIAL_NAME, text).filter((m) => !emails.some((e) => e.includes(m.replace(/^[\s(]*@/, '')))), ...matches(SOCIAL_SITE, text)]);
  add(
    'link',
    matches(LINK, text).filter((m) => !emails.some((e) => e.includes(m))),
  );
  for (const surname of opts.surnames ?? []) {
    const name = surname.trim();
    if (name.length < 2) continue;
    const re = new RegExp(`(?<![\\p{L}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'iu');
    const m = re.exec(text);
    if (m) found.push({ kind: 'surname', match: m[0] });
  }
  return found;
}

/** The reason a teacher reads, from what was found ("a phone number and a postcode"). */
export function reasonFor(details: readonly PersonalDetail[]): string {
  const kinds = [...new Set(details.map((d) => PERSONAL_DETAIL_REASONS[d.kind]))];
  return kinds.length <= 1 ? (kinds[0] ?? '') : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`;
}
