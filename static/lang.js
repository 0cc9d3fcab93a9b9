// The saved interface language, before the app starts (no flash of the wrong <html lang>). A file, not an
// inline script, so the Content-Security-Policy needs no exception for it.
try {
  if (localStorage.getItem('zcdx.lang') === 'en') document.documentElement.lang = 'en';
} catch (e) {}
