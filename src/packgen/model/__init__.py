"""The data model: YAML in, validated input models, and the resolved pack handed to renderers."""
