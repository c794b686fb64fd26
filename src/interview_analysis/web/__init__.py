"""The candidate's pages: question bank, report and progress views, SVG charts, templates and static files."""
