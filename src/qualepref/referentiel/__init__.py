"""The Qual-e-pref référentiel: modules, engagements, indicators, and definitions files.

- :mod:`~qualepref.referentiel.models`: the validated models (the file format).
- :mod:`~qualepref.referentiel.loading`: reading a préfecture's file, in stages.
- :mod:`~qualepref.referentiel.checks`: the rules that need the whole file.
- :mod:`~qualepref.referentiel.export`: the catalogue as TOML, JSON or a table; the schema.
"""
