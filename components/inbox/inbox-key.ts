/**
 * The bell's query: its key and page size, shared by the top bar's server prefetch and the
 * client hook — the first page hydrates only if both ask for the same thing.
 */
export const INBOX_KEY = ["inbox"] as const;
export const INBOX_PAGE_SIZE = 20;
