"""Writes the national example: six synthetic préfectures' definitions and 2022 measurements.

The figures are drawn from a fixed seed, so running this script again writes the same
files. Each préfecture is a case the national view must handle:

- 38, 44, 57: components for every quarter;
- 69: its courriels' rate entered as values only (no components): left out of the Σ/Σ;
- 2A: no courriel received (0 / 0): « sans objet »;
- 974: no courriel figure at all: « non renseigné »;
- 44 and 57 share the same taux d'appels aboutis for the year: a tie in the ranks.

Run: python examples/national/generate.py
"""

from __future__ import annotations

import random
from pathlib import Path

HERE = Path(__file__).parent
PREFECTURES = {
    "38": "Préfecture de l'Isère",
    "44": "Préfecture de la Loire-Atlantique",
    "57": "Préfecture de la Moselle",
    "69": "Préfecture du Rhône",
    "2A": "Préfecture de la Corse-du-Sud",
    "974": "Préfecture de La Réunion",
}
QUARTERS = ("2022-T1", "2022-T2", "2022-T3", "2022-T4")


def definitions(code: str, name: str) -> str:
    """A préfecture's definitions file: its name, its département, module 1."""
    return (
        "# Exemple synthétique pour qualepref national (examples/national/generate.py).\n\n"
        f'[prefecture]\nname = "{name}"\ndepartement = "{code}"\n\n'
        "[perimeter]\nmodules = [1]\n"
    )


def measurements(code: str, rng: random.Random) -> list[str]:
    """The lines of a préfecture's measurements file for 2022 (see the cases above)."""
    lines = ["indicateur;periode;composante;valeur;echantillon;observation"]
    calls = {
        "44": [(12000, 1200), (11000, 1100), (10000, 1000), (13000, 1300)],
        "57": [(6000, 600), (5000, 500), (4000, 400), (5000, 500)],
    }.get(code)
    for index, quarter in enumerate(QUARTERS):
        received, lost = calls[index] if calls else (rng.randrange(4000, 15000), 0)
        if not calls:
            lost = round(received * rng.uniform(0.03, 0.4))
        lines += [
            f"appels_aboutis;{quarter};appels_recus;{received};;",
            f"appels_aboutis;{quarter};appels_perdus;{lost};;",
        ]
    for quarter in QUARTERS:
        if code == "974":
            break
        if code == "69":
            lines.append(f"courriels_info_5j;{quarter};;{rng.randrange(80, 100)} %;;valeur seule")
            continue
        received = 0 if code == "2A" else rng.randrange(200, 900)
        in_time = round(received * rng.uniform(0.6, 1.0))
        lines += [
            f"courriels_info_5j;{quarter};courriels_info_recus;{received};;",
            f"courriels_info_5j;{quarter};courriels_info_dans_le_delai;{in_time};;",
        ]
    answered = rng.randrange(5, 40)
    lines += [
        f"reclamations_courriel_delai_moyen;2022;reclamations_courriel_repondues;{answered};;",
        "reclamations_courriel_delai_moyen;2022;reclamations_courriel_somme_delais;"
        f"{answered * rng.randrange(1, 8)};;",
    ]
    return lines


def main() -> None:
    """Write every préfecture's two files."""
    rng = random.Random(2022)
    (HERE / "definitions").mkdir(exist_ok=True)
    (HERE / "mesures").mkdir(exist_ok=True)
    for code, name in PREFECTURES.items():
        (HERE / "definitions" / f"{code}.toml").write_text(
            definitions(code, name), encoding="utf-8"
        )
        (HERE / "mesures" / f"{code}.csv").write_text(
            "\n".join(measurements(code, rng)) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
