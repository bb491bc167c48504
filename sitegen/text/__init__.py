"""Small pure helpers on text: slugs, characters no output can hold, dates as written, path
lengths, permalink patterns, and YAML read with the line of every key."""
