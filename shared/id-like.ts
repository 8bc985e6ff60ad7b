/** An id as stored (an ObjectId) or as sent (a string): either gives its text with toString(). */
export type IdLike = { toString(): string };
