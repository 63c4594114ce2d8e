"""The teaching book's own package: models, figures, the explorable helper, the claims registry
(shipped as package data in ``her2book/data``) and the Sphinx extension."""
