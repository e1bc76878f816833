/**
 * Source rows kept per finding; the count of all of them goes to
 * details.source_count. A leaf of its own: the data readers (data/) cap their
 * queries with it and types.ts builds on those readers, so it cannot live there.
 */
export const MAX_SOURCES = 1000;
