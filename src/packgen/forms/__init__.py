"""The application form: one specification for the fillable PDF, DOCX and HTML and for reading them back."""
