"""From tracking files ("tableaux de suivi") to délais and measurements.

- :mod:`~qualepref.referentiel.tracking_settings`: the ``[tracking]`` settings (columns,
  words, flows).
- :mod:`~qualepref.moments`: dates as referents type them, day first.
- :mod:`~qualepref.tracking.tracker`: one row in, its délai and status out.
- :mod:`~qualepref.tracking.tallies`: rows counted into the measurements of the tableau.
- :mod:`~qualepref.tracking.reading`: CSV files and workbooks in (the I/O edge).
- :mod:`~qualepref.tracking.writing`: délais out as CSV, XLSX or JSON (the I/O edge).
- :mod:`~qualepref.tracking.follow_up`: the requests to chase, by service.
"""
