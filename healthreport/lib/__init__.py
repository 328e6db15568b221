"""Shared helpers any app may use: Excel, the import flow, forms, charts, http, uploads,
clock, terms. They import no app."""
