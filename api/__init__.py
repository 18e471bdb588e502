"""The portal's REST API under /api/v1/: thin views over the same selectors, rules and services as the pages."""
