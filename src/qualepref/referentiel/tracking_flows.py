"""Whether the ``[tracking]`` flows fit the definitions: indicators, délais, counters.

Each flow's indicator must be known and have a délai, and its counters must be read by
the indicator's formula. Checked when a definitions file is read (``QP402``) and when a
tracker starts: a flow that does not fit would count rows into counters no formula reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from qualepref.referentiel.container import Definitions, NotInReferentielError
from qualepref.referentiel.tracking_settings import Flow

__all__ = ["check_flows", "flow_problems"]


def check_flows(flows: Iterable[Flow], definitions: Definitions) -> list[str]:
    r"""What is wrong with ``flows`` against ``definitions``: one French message per problem.

    Examples:
        >>> from qualepref import parse_definitions
        >>> flow = Flow(indicator="appels_aboutis", received="appels_recus",
        ...             in_time="appels_perdus")
        >>> check_flows([flow], parse_definitions("[perimeter]\nmodules = [1]"))
        ["flux appels_aboutis : l'indicateur n'a pas de délai en jours ouvrés ; donnez
        deadline = N au flux"]
    """
    return [message for _index, message in flow_problems(flows, definitions)]


def flow_problems(flows: Iterable[Flow], definitions: Definitions) -> list[tuple[int, str]]:
    r""":func:`check_flows` with the position of the flow at fault in ``flows``.

    Examples:
        >>> from qualepref import parse_definitions
        >>> flow = Flow(indicator="inconnu", received="a", in_time="b")
        >>> definitions = parse_definitions("[perimeter]\nmodules = [1]")
        >>> [index for index, _ in flow_problems([flow], definitions)]
        [0]
    """
    flows = list(flows)
    referentiel = definitions.referentiel
    takers = {flow.indicator for flow in flows if flow.rows_of is None}
    problems: list[tuple[int, str]] = []
    for index, flow in enumerate(flows):
        where = f"flux {flow.indicator}"
        try:
            indicator = referentiel.indicator(flow.indicator)
        except NotInReferentielError as error:
            problems.append((index, f"{where} : {error}"))
            continue
        if flow.deadline is None and indicator.deadline is None:
            problems.append(
                (
                    index,
                    f"{where} : l'indicateur n'a pas de délai en jours ouvrés ; "
                    "donnez deadline = N au flux",
                )
            )
        reads = referentiel.counters_read_by(indicator)
        for role in ("received", "in_time"):
            counter = getattr(flow, role)
            if counter not in reads:
                problems.append(
                    (
                        index,
                        f"{where} : {role} = {counter!r} n'est pas lu par la formule de "
                        f"{flow.indicator} ({indicator.formula})",
                    )
                )
        for role in ("answered", "delays"):
            counter = getattr(flow, role)
            if counter is not None:
                try:
                    referentiel.counter(counter)
                except NotInReferentielError as error:
                    problems.append((index, f"{where} : {role} : {error}"))
        if flow.rows_of is not None and flow.rows_of not in takers:
            problems.append(
                (
                    index,
                    f"{where} : rows_of = {flow.rows_of!r} ne désigne aucun flux qui prend "
                    "des lignes",
                )
            )
    return problems
