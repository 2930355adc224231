"""From tracking files ("tableaux de suivi") to délais and measurements.

- :mod:`~qualepref.tracking.settings`: the ``[tracking]`` settings (columns, words, flows).
- :mod:`~qualepref.tracking.dates`: dates as referents type them, day first.
- :mod:`~qualepref.tracking.tracker`: one row in, its délai and status out.
- :mod:`~qualepref.tracking.tallies`: rows counted into the measurements of the tableau.
- :mod:`~qualepref.tracking.files`: reading and writing CSV, XLSX and JSON (the I/O edge).
"""
