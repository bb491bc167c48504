"""Interface languages: gettext catalogues for the theme's words, CLDR dates and digits."""
