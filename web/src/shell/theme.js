// theme= in the URL: 'light' or 'dark' forces the page's colours (an embed
// then matches its host page), 'auto' follows the reader's prefers-color-scheme.

/** Values of the theme key, the default first. */
export const THEMES = ['auto', 'light', 'dark'];

/** Puts theme on the root element (styles/explorer.css and ui/palette.js read it); 'auto' removes it. */
export function applyTheme(theme, root = document.documentElement) {
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  else delete root.dataset.theme;
}
