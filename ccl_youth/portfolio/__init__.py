"""The youth's portfolio: what they choose to show and in what order, its print page and PDF,
its CLR 2.0 export, and share links to all or part of it."""
