"""ST-RAW yearbook 2018 (Rotterdam): monitoring figures of the youth-care system evaluation,
kennisateliers (knowledge workshops), partners and projects.

Modules, in the order of the chain: ``validate`` (domain checks, the schema's validator hook),
``quantifiers`` (how worded figures become bounds), ``indicators`` (monitoring figures across
waves), ``network`` (partners, themes, projects), ``kennisateliers``, ``plot`` and ``labels``
(all Dutch text a reader sees).
"""
