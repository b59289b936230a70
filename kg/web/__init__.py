"""The pages of kgbuild serve: Jinja2 templates and static files (kg.serve)."""
