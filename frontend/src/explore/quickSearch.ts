/**
 * The quick search over panel titles, as in Explore Profiles: comma-separated terms, each a
 * case-insensitive regular expression (a term that is not a valid one matches as plain text); a title
 * matches when any term does. An empty search matches everything.
 */
export function quickSearchMatcher(search: string | undefined): (title: string) => boolean {
  const terms = (search ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (terms.length === 0) {
    return () => true;
  }
  const tests = terms.map((term) => {
    try {
      const re = new RegExp(term, 'i');
      return (title: string) => re.test(title);
    } catch {
      const lower = term.toLowerCase();
      return (title: string) => title.toLowerCase().includes(lower);
    }
  });
  return (title) => tests.some((t) => t(title));
}
