/** Where a document and a clause live in the policy library (政策库): a page per document, an anchor per clause. */
export const documentHref = (pkgId: string) => `/policies/${encodeURIComponent(pkgId)}`;
export const clauseHref = (pkgId: string, clauseId: string) => `${documentHref(pkgId)}#${encodeURIComponent(clauseId)}`;
