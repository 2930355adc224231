"""Measurements files: the format, numbers as referents type them, one report per faulty row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from qualepref import Month, Observation, Quarter, Year, evaluate, parse_definitions
from qualepref.measurement_files import (
    COLUMNS,
    MeasurementError,
    check_measurements,
    measurement_paths,
    parse_measurements,
    parse_number,
    read_measurement_files,
    read_measurements,
    write_measurements,
)

DATA = Path(__file__).parent / "data" / "measurements"
DEFS = parse_definitions("[perimeter]\nmodules = [1]\n")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("173", 173),
        ("1 234,5", 1234.5),
        ("1\u202f234,5", 1234.5),
        ("1\xa0234", 1234),
        ("95,51 %", 0.9551),
        ("95,51%", 0.9551),
        ("100,00 %", 1.0),
        ("0,44 ‰", 0.44),
        ("0.44", 0.44),
        ("-2", -2),
        (",5", 0.5),
        ("1e3", 1000.0),
    ],
)
def test_numbers(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "deux", "1,2,3", "1.234,5", "12 %%", "%", "1 2x"])
def test_unreadable_numbers(text: str) -> None:
    with pytest.raises(ValueError, match="nombre illisible"):
        parse_number(text)


def test_a_good_file_with_commas_samples_sans_objet_and_notes() -> None:
    data = read_measurements(DATA / "good-comma.csv", DEFS)
    recus = data.counter("courriels_info_recus", Month(2022, 5))
    assert recus is not None
    assert (recus.value, recus.sample, recus.line) == (173, True, 2)
    assert (
        data.counter("courriels_info_dans_le_delai", Month(2022, 5)).note
        == "premier échantillon, une semaine"
    )  # type: ignore[union-attr]
    assert data.value("courriels_info_5j", Year(2022)).value == 0.905  # type: ignore[union-attr]
    sans_objet = data.value("courriels_info_5j", Quarter(2022, 3))
    assert sans_objet is not None
    assert sans_objet.value is None
    assert data.value("courriels_info_5j", Quarter(2022, 4)) is None  # a note only
    assert data.notes("courriels_info_5j", Year(2022)) == (
        "premier échantillon, une semaine",
        "pas de suivi",
    )


def test_a_header_without_the_required_columns() -> None:
    path = DATA / "bad-header.csv"
    with pytest.raises(MeasurementError) as error:
        read_measurements(path, DEFS)
    assert [(i.code, i.line) for i in error.value.issues] == [("QM001", 1)]
    assert str(error.value) == (
        f"{path}:1: erreur QM001 colonne manquante : periode ; colonne inconnue 'période' "
        "(vouliez-vous dire 'periode' ?) ; colonne inconnue 'commentaire' ; colonnes permises : "
        "indicateur, periode, composante, valeur, echantillon, observation"
    )


def test_every_faulty_row_is_reported_with_its_line() -> None:
    with pytest.raises(MeasurementError) as error:
        read_measurements(DATA / "bad-rows.csv", DEFS)
    assert [(i.line, i.code, i.item, i.field) for i in error.value.issues] == [
        (2, "QM101", "appels_abouti", "indicateur"),
        (3, "QM102", "cert_delai_pc", "indicateur"),
        (4, "QM103", "copil", "periode"),
        (5, "QM104", "copil", "valeur"),
        (6, "QM104", "copil", "valeur"),
        (7, "QM106", "copil", "echantillon"),
        (8, "QM005", None, None),
        (9, "QM101", None, "indicateur"),
    ]
    messages = [i.message for i in error.value.issues]
    assert (
        messages[0] == "indicateur inconnu : 'appels_abouti' ; vouliez-vous dire 'appels_aboutis' ?"
    )
    assert messages[1] == "l'indicateur 'cert_delai_pc' relève du module 2, hors du périmètre [1]"
    assert messages[3] == "nombre illisible : 'deux' (attendu par exemple 173, 1 234,5 ou 95,5 %)"
    assert messages[4] == "valeur manquante : écrivez un nombre, « sans objet », ou une observation"


def test_components_are_checked_against_the_formula() -> None:
    with pytest.raises(MeasurementError) as error:
        read_measurements(DATA / "bad-components.csv", DEFS)
    assert [(i.line, i.code) for i in error.value.issues] == [
        (2, "QM204"),  # 180 in time of 173
        (3, "QM201"),  # the same component twice, with another value
        (5, "QM203"),  # June: in time missing
        (6, "QM105"),  # appels_recus is not read by this formula
        (7, "QM105"),  # a counter of another formula
        (8, "QM104"),  # a component "sans objet"
        (10, "QM201"),  # (the same row twice with the same value is fine)
    ]
    messages = {i.line: i.message for i in error.value.issues}
    assert messages[2] == (
        "courriels_info_5j pour 2022-05 : le numérateur (180) dépasse le dénominateur (173) : "
        "un taux compte une partie d'un tout"
    )
    assert messages[3] == (
        "la composante courriels_info_recus de courriels_info_5j pour 2022-05 vaut 174 ici mais "
        f"173 en {DATA / 'bad-components.csv'}:2 : gardez une seule valeur"
    )
    assert messages[5] == (
        "composantes incomplètes de courriels_info_5j pour 2022-06 : manque "
        "courriels_info_dans_le_delai (sans elles, celles données ne servent à rien)"
    )


def test_a_counter_has_one_value_per_period() -> None:
    text = (
        "indicateur;periode;composante;valeur\n"
        "reclamations_courrier_10j;2022;reclamations_courrier_recues;2\n"
        "reclamations_courrier_10j;2022;reclamations_courrier_dans_le_delai;2\n"
        "reclamations_dans_les_delais;2022;reclamations_courrier_recues;3\n"
        "reclamations_dans_les_delais;2022;reclamations_courriel_recues;0\n"
        "reclamations_dans_les_delais;2022;reclamations_courriel_dans_le_delai;0\n"
    )
    with pytest.raises(MeasurementError) as error:
        parse_measurements(text, DEFS, source="m.csv")
    assert [(i.line, i.code) for i in error.value.issues] == [(4, "QM202")]
    assert "vaut 3 pour 2022 ici mais 2 en m.csv:2" in str(error.value)
    same = text.replace(";reclamations_courrier_recues;3", ";reclamations_courrier_recues;2")
    data = parse_measurements(same, DEFS)
    assert len(data.observations) == 5


def test_value_only_rows_for_derived_indicators_and_empty_files() -> None:
    assert parse_measurements("", DEFS).observations == ()
    assert parse_measurements("indicateur;periode;valeur\n", DEFS).observations == ()


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    neither = tmp_path / "mesures.csv"
    neither.write_bytes(b"indicateur;periode;valeur\ncopil;2022;\x81\n")
    with pytest.raises(MeasurementError, match="UTF-8") as error:
        read_measurements(neither, DEFS)
    assert error.value.unreadable
    with pytest.raises(FileNotFoundError):
        read_measurements(tmp_path / "absent.csv", DEFS)


def test_write_then_read_round_trips(tmp_path: Path) -> None:
    rows = [
        Observation("courriels_info_5j", Month(2022, 5), "courriels_info_recus", 173, sample=True),
        Observation("courriels_info_5j", Month(2022, 5), "courriels_info_dans_le_delai", 156),
        Observation("courriels_info_5j", Quarter(2022, 3), None, None, note="aucun courriel"),
        Observation("courriels_info_5j", Year(2022), None, 0.9147582697201018),
        Observation(
            "courriels_info_5j", Quarter(2022, 4), None, None, note="pas de suivi", note_only=True
        ),
    ]
    path = tmp_path / "mesures.csv"
    write_measurements(rows, path)
    again = read_measurements(path, DEFS)
    assert [
        (o.indicator, o.period, o.component, o.value, o.sample, o.note, o.note_only)
        for o in again.observations
    ] == [
        (o.indicator, o.period, o.component, o.value, o.sample, o.note, o.note_only) for o in rows
    ]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel shows the accents
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == ";".join(COLUMNS)


def test_check_measurements_directly() -> None:
    rows = [
        Observation("copil", Quarter(2022, 1), None, 2, line=2),
        Observation("nope", Quarter(2022, 1), None, 2, line=3),
    ]
    assert [i.code for i in check_measurements(rows, DEFS)] == ["QM101"]


def test_blank_lines_are_skipped_and_counted_in_line_numbers() -> None:
    text = "indicateur;periode;valeur\n\ncopil;2022-T1;2\n;;\ncopil;2022-T5;1\n"
    with pytest.raises(MeasurementError) as error:
        parse_measurements(text, DEFS)
    assert [(i.line, i.code) for i in error.value.issues] == [(5, "QM103")]
    with pytest.raises(MeasurementError) as error:  # blank lines above the header, CR alone
        parse_measurements(" \r\n\r" + text.replace("\n", "\r"), DEFS)
    assert [(i.line, i.code) for i in error.value.issues] == [(7, "QM103")]
    multiline = 'indicateur;periode;valeur;observation\ncopil;2022;1;"deux\nlignes"\ncopil;x;1;\n'
    with pytest.raises(MeasurementError) as error:  # a record on two lines: the next is 4
        parse_measurements(multiline, DEFS)
    assert [(i.line, i.code) for i in error.value.issues] == [(4, "QM103")]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_what_excel_does_to_a_measurements_file_is_undone(tmp_path: Path) -> None:
    # Re-saved by French Excel: Windows-1252, periods rewritten, a header pasted again.
    path = _write(
        tmp_path / "mesures.csv",
        "indicateur;periode;composante;valeur;echantillon;observation\n"
        "copil;janv.-22;copil_reunions;1;;réunion\n"
        "indicateur;periode;composante;valeur;echantillon;observation\n"
        "copil;févr-22;copil_reunions;0;;\n"
        "copil;01/03/2022;copil_reunions;1;;\n"
        "copil;T2 2022;copil_reunions;2;;\n",
        "cp1252",
    )
    measurements = read_measurements(path, DEFS)
    assert [(str(o.period), o.value) for o in measurements.observations] == [
        ("2022-01", 1),
        ("2022-02", 0),
        ("2022-03", 1),
        ("2022-T2", 2),
    ]
    assert measurements.observations[0].note == "réunion"


def test_several_files_and_folders_are_read_together(tmp_path: Path) -> None:
    folder = tmp_path / "mois"
    folder.mkdir()
    head = "indicateur;periode;composante;valeur\n"
    _write(folder / "01.csv", head + "copil;2022-01;copil_reunions;1\n")
    _write(folder / "02.csv", head + "copil;2022-02;copil_reunions;0\n")
    _write(folder / "notes.txt", "pas des mesures")
    again = _write(tmp_path / "janvier.csv", head + "copil;2022-01;copil_reunions;1\n")
    measurements = read_measurement_files([folder, again, folder / "01.csv"], DEFS)
    assert [str(o.period) for o in measurements.observations] == ["2022-01", "2022-02"]
    assert [p.name for p in measurement_paths([folder, again])] == [
        "01.csv",
        "02.csv",
        "janvier.csv",
    ]
    other = _write(tmp_path / "autre.csv", head + "copil;2022-01;copil_reunions;2\n")
    with pytest.raises(MeasurementError) as error:
        read_measurement_files([folder, other], DEFS)
    assert str(error.value) == (
        f"{other}:2: erreur QM201 [copil, composante] la composante copil_reunions de copil pour "
        f"2022-01 vaut 2 ici mais 1 en {folder / '01.csv'}:2 : gardez une seule valeur"
    )
    empty = tmp_path / "vide"
    empty.mkdir()
    with pytest.raises(MeasurementError, match=r"aucun fichier \.csv ou \.xlsx") as error:
        measurement_paths([empty])
    assert error.value.unreadable


def test_a_measurements_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Mesures"
    sheet.append(["Mesures 2022 de la préfecture"])
    sheet.append([])
    sheet.append(["indicateur", "periode", "composante", "valeur", "echantillon", "observation"])
    sheet.append(["copil", dt.datetime(2022, 1, 1), "copil_reunions", 1, None, None])
    sheet.append(["courriels_info_5j", "2022-T1", None, 0.9551, True, "taux saisi"])
    sheet.append(["copil", "brumaire 2022", "copil_reunions", 1, None, None])
    book.create_sheet("Notes").append(["rien à lire"])
    path = tmp_path / "mesures.xlsx"
    book.save(path)
    with pytest.raises(MeasurementError) as error:
        read_measurements(path, DEFS)
    assert [(i.file, i.line, i.code) for i in error.value.issues] == [
        (f"{path}[Mesures]", 6, "QM103"),  # the sheet, and the row Excel shows
    ]
    sheet.delete_rows(6)
    book.save(path)
    measurements = read_measurements(path, DEFS)
    assert [(str(o.period), o.value, o.sample) for o in measurements.observations] == [
        ("2022-01", 1, False),
        ("2022-T1", 0.9551, True),
    ]
    (tmp_path / "cassé.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(MeasurementError, match="classeur illisible") as error:
        read_measurements(tmp_path / "cassé.xlsx", DEFS)
    assert error.value.unreadable


def test_a_file_without_its_header_says_what_the_first_row_lacks(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.csv", "Mesures 2022\ncopil;2022;2\n")
    with pytest.raises(MeasurementError, match="colonne manquante : indicateur") as error:
        read_measurements(path, DEFS)
    assert [(i.line, i.code) for i in error.value.issues] == [(1, "QM001")]
    long = _write(tmp_path / "long.csv", "".join(f"note {n}\n" for n in range(40)))
    with pytest.raises(MeasurementError, match="colonne manquante : indicateur") as error:
        read_measurements(long, DEFS)
    assert [(i.line, i.code) for i in error.value.issues] == [(1, "QM001")]


def test_cells_beyond_the_header_left_empty_are_not_fields() -> None:
    text = "indicateur;periode;composante;valeur;;\ncopil;2022-T1;copil_reunions;2;;\n"
    assert [o.value for o in parse_measurements(text, DEFS).observations] == [2]
    with pytest.raises(MeasurementError, match="5 champ"):
        parse_measurements("indicateur;periode;valeur\ncopil;2022-T1;2;;oups\n", DEFS)


def test_transparence_measurements_fit_every_perimeter() -> None:
    jura = parse_definitions("[perimeter]\nmodules = [1, 3]\n")
    text = (
        "indicateur;periode;composante;valeur\n"
        "transparence_delai_pc;2022-T1;transparence_pc_titres;120\n"
        "transparence_delai_pc;2022-T1;transparence_pc_somme_delais;1800\n"
    )
    measurements = parse_measurements(text, jura)  # no QM102: not outside the perimeter
    result = evaluate(jura.referentiel, measurements, "transparence_delai_pc", Quarter(2022, 1))
    assert result.value == pytest.approx(15)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("appels_aboutis;2022-T1;;90", "voulez-vous dire 90 % ?"),
        ("appels_aboutis;2022-T1;;150 %", "un pourcentage est entre 0 et 100 %, pas 150 %"),
        ("appels_aboutis;2022-T1;;-20 %", "un pourcentage est entre 0 et 100 %, pas -20 %"),
        ("appels_aboutis;2022-T1;;250", "un taux est entre 0 et 100 %, pas 250"),
        ("appels_aboutis;2022-T1;;-0,2", "un taux est entre 0 et 100 %, pas -0,2"),
        ("courriels_info_delai_moyen;2022-T1;;-3", "négatif : -3"),
        ("copil;2022-T1;;1,5", "est entier, pas 1,5"),
        ("courriels_info_5j;2022-01;courriels_info_recus;12,5", "un nombre entier positif"),
        ("courriels_info_5j;2022-01;courriels_info_recus;-4", "un nombre entier positif"),
    ],
)
def test_implausible_figures_are_refused(row: str, message: str) -> None:
    with pytest.raises(MeasurementError, match=message) as error:
        parse_measurements(f"indicateur;periode;composante;valeur\n{row}\n", DEFS)
    assert [issue.code for issue in error.value.issues] == ["QM107"]


def test_plausible_figures_pass() -> None:
    text = (
        "indicateur;periode;composante;valeur\n"
        "appels_aboutis;2022-T1;;0,9\nappels_aboutis;2022-T2;;100 %\n"
        "courriels_info_delai_moyen;2022-T1;;0\ncopil;2022-T1;;2\n"
    )
    assert len(parse_measurements(text, DEFS).observations) == 4


def test_a_number_of_hundreds_of_digits_is_refused_not_a_crash() -> None:
    with pytest.raises(MeasurementError, match="nombre hors des bornes") as error:
        parse_measurements("indicateur;periode;valeur\ncopil;2022;" + "9" * 400 + "\n", DEFS)
    assert [issue.code for issue in error.value.issues] == ["QM104"]


def test_a_register_beside_the_measurements_is_not_read_as_measurements(tmp_path: Path) -> None:
    # A folder holds the measurements and the registers the referent keeps beside them.
    definitions = parse_definitions("[perimeter]\nmodules = [1]\n")
    (tmp_path / "mesures.csv").write_text(
        "indicateur;periode;composante;valeur\ncopil;2022-T1;copil_reunions;1\n", encoding="utf-8"
    )
    register = openpyxl.Workbook()
    register.active.append(["N°", "Action", "Module", "Statut"])
    register.save(tmp_path / "plan.xlsx")
    sheet = openpyxl.Workbook()
    sheet.active.append(["Mesures 2022"])
    sheet.active.append(["indicateur", "periode", "composante", "valeur"])
    sheet.active.append(["copil", "2022-T2", "copil_reunions", 1])
    sheet.save(tmp_path / "mesures-t2.xlsx")
    (tmp_path / "pilotage.csv").write_text("Date;Obligation\n18/05/2022;CLU\n", encoding="utf-8")
    (tmp_path / "vide.csv").write_text("", encoding="utf-8")  # empty: read, and reported
    assert [p.name for p in measurement_paths([tmp_path])] == [
        "mesures-t2.xlsx",
        "mesures.csv",
        "vide.csv",
    ]
    (tmp_path / "vide.csv").unlink()
    assert len(read_measurement_files([tmp_path], definitions).observations) == 2
    with pytest.raises(MeasurementError, match="QM003 aucune feuille de ce classeur n'a de"):
        read_measurement_files([tmp_path / "plan.xlsx"], definitions)
