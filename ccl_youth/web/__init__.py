"""Flask glue shared by the features: access decorators, errors, headers, template helpers."""
