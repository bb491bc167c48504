"""What the site tells other machines: feeds, sitemaps, robots.txt, structured data, the page
head, and the files and headers static hosts read; each format's data and its bytes together."""
