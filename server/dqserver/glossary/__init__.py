"""The glossary: hard words of the step texts explained, edited by managers like topics and
published in every content release (docs/content-bundle.md, "Glossary")."""
