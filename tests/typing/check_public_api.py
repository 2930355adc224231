"""Type-checked, not run: the public API's types, as users see them (mypy --strict in CI)."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type
from zoneinfo import ZoneInfo

from qualepref import (
    CellState,
    Closure,
    DayZeroReason,
    Deadline,
    DeadlineReport,
    DefinitionError,
    DefinitionIssue,
    Definitions,
    Departement,
    Direction,
    Formula,
    Gap,
    Holiday,
    HolidayKind,
    IndicatorDefinition,
    IndicatorResult,
    Mean,
    Measure,
    Measurements,
    Module,
    Period,
    PerThousand,
    Quarter,
    Rate,
    Referentiel,
    Status,
    WorkingCalendar,
    Year,
    aggregate,
    build_dashboard,
    check_definitions,
    evaluate,
    load_definitions,
    load_referentiel,
    mean,
    parse_definitions,
    parse_period,
    per_thousand,
    rate,
    status,
    target_gap,
)


def check_calendar() -> None:
    cal = WorkingCalendar.for_departement(
        "57", [dt.date(2026, 5, 15), Closure(dt.date(2026, 12, 24))]
    )
    assert_type(cal, WorkingCalendar)
    assert_type(cal.departement, Departement)
    assert_type(cal.time_zone, ZoneInfo)
    assert_type(cal.is_working_day(dt.date(2026, 5, 15)), bool)
    assert_type(cal.working_days_between(dt.date(2026, 1, 1), dt.date(2026, 2, 1)), int)
    assert_type(cal.add_working_days(dt.date(2026, 1, 1), 5), dt.date)
    assert_type(cal.next_working_day(dt.datetime(2026, 1, 1, 9)), dt.date)
    assert_type(cal.holiday(dt.date(2026, 1, 1)), Holiday | None)
    holidays = cal.holidays_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert_type(holidays, list[Holiday])
    assert_type(holidays[0].kind, HolidayKind)
    assert_type(holidays[0].kind.label, str)
    assert_type(WorkingCalendar.FIRST_DAY, dt.date)


def check_deadline() -> None:
    five = Deadline(5, WorkingCalendar.for_departement(75), cutoff=dt.time(17, 30))
    received = dt.datetime(2026, 5, 13, 18, tzinfo=dt.UTC)
    assert_type(five.due_date(received), dt.date)
    assert_type(five.day_zero(dt.date(2026, 5, 13)), dt.date)
    assert_type(five.elapsed(received, dt.date(2026, 5, 20)), int)
    assert_type(five.is_met(received, dt.date(2026, 5, 20)), bool)
    report = five.explain(received)
    assert_type(report, DeadlineReport)
    assert_type(report.elapsed, int | None)
    assert_type(report.met, bool | None)
    assert_type(report.day_zero_reason, DayZeroReason)


def check_referentiel() -> None:
    ref = load_referentiel()
    assert_type(ref, Referentiel)
    assert_type(ref.modules, tuple[Module, ...])
    assert_type(ref.engagement(17).module, int)
    assert_type(ref.engagement(17).theme, str | None)
    indicator = ref.indicator("courriels_info_5j")
    assert_type(indicator, IndicatorDefinition)
    assert_type(indicator.engagement, tuple[int, ...])
    assert_type(indicator.deadline, int | None)
    assert_type(indicator.direction, Direction)
    assert_type(indicator.compiled, Formula)
    assert_type(indicator.compiled.evaluate({"a": 1.0}), float | None)
    definitions = load_definitions("isere.toml")
    assert_type(definitions, Definitions)
    assert_type(definitions.target("appels_aboutis", 2022), float | None)
    checked, issues = check_definitions("[perimeter]\nmodules = [1]")
    assert_type(checked, Definitions | None)
    assert_type(issues, tuple[DefinitionIssue, ...])
    try:
        parse_definitions("")
    except DefinitionError as error:
        assert_type(error.issues, tuple[DefinitionIssue, ...])


def check_indicators() -> None:
    monthly = rate(156, 173)
    assert_type(monthly, Rate)
    assert_type(monthly.value, float | None)
    assert_type(aggregate([monthly, rate(157, 178)]), Measure)
    assert_type(mean(58, 29), Mean)
    assert_type(per_thousand(5, 11_400), PerThousand)
    gap = target_gap(0.9, 1.0, Direction.HIGHER_IS_BETTER)
    assert_type(gap, Gap)
    assert_type(gap.relative, float | None)
    assert_type(status(0.9, 1.0, Direction.HIGHER_IS_BETTER), Status)
    period = parse_period("2022-T3")
    assert_type(period, Period)
    assert_type(Year(2022).quarters(), tuple[Quarter, ...])
    result = evaluate(load_referentiel(), Measurements([]), "appels_aboutis", Year(2022))
    assert_type(result, IndicatorResult)
    assert_type(result.state, CellState)
    dashboard = build_dashboard(load_definitions("isere.toml"), Measurements([]), 2022)
    assert_type(dashboard.rows[0].annual, IndicatorResult)


def measurement_file_types() -> None:
    """Measurements files: read, checked, written; the shape of an indicator."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        Dashboard,
        DashboardRow,
        MeasurementError,
        Observation,
        Shape,
        parse_measurements,
        read_measurement_files,
        read_measurements,
        shape_of,
        write_measurements,
    )

    definitions = load_definitions("isere.toml")
    data = read_measurements("mesures.csv", definitions)
    assert_type(data, Measurements)
    assert_type(read_measurement_files(["mesures.csv", "mois/"], definitions), Measurements)
    assert_type(parse_measurements("indicateur;periode;valeur\n", definitions), Measurements)
    assert_type(data.observations, tuple[Observation, ...])
    write_measurements(data.observations, "copie.csv")
    try:
        read_measurements("faux.csv", definitions)
    except MeasurementError as error:
        assert_type(error.issues, tuple[DefinitionIssue, ...])
    referentiel = definitions.referentiel
    assert_type(shape_of(referentiel.indicator("appels_aboutis"), referentiel), Shape)
    dashboard = build_dashboard(definitions, data, 2022, by="month")
    assert_type(dashboard, Dashboard)
    assert_type(dashboard.rows, tuple[DashboardRow, ...])


def tracking_types() -> None:
    """Tracking: rows in, délais and measurements out."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        MeasuredFlow,
        RowStatus,
        RowTracker,
        Summary,
        Tally,
        TrackedRow,
        Tracker,
        TrackingSettings,
        default_tracking,
        parse_moment,
    )

    settings = default_tracking()
    assert_type(settings, TrackingSettings)
    tracker = Tracker.default("44", as_of=dt.date(2022, 12, 31), cutoff=dt.time(17, 30))
    rows = tracker.for_header(["Date de réception", "Date de réponse", "Canal"])
    assert_type(rows, RowTracker)
    row = rows.track(["03/01/2022 18:00", "", "courriel"], line=2)
    assert_type(row, TrackedRow)
    assert_type(row.status, RowStatus)
    assert_type(row.due_date, dt.date | None)
    assert_type(row.elapsed, int | None)
    assert_type(row.measures, tuple[MeasuredFlow, ...])
    tally = Tally(tracker)
    tally.add(row)
    assert_type(tally.summary, Summary)
    assert_type(parse_moment("03/01/2022"), dt.date)
    from qualepref import TrackedFile, track_file  # noqa: PLC0415

    tracked = track_file("suivi.xlsx", departement="44", as_of=dt.date(2022, 12, 31))
    assert_type(tracked, TrackedFile)
    assert_type(tracked.rows, tuple[TrackedRow, ...])
    assert_type(tracked.summary, Summary)


def every_other_public_name() -> None:
    """The rest of ``__all__``: constants, errors, enums, values and helpers, each typed."""
    import io  # noqa: PLC0415

    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        ADDED_COLUMNS,
        DEFAULT_BANDS,
        AggregationError,
        AnswerBeforeReceiptError,
        Columns,
        Count,
        Counter,
        CounterKind,
        DateOutOfRangeError,
        DepartementKind,
        Engagement,
        Evolution,
        Flow,
        FormulaError,
        Level,
        MeanOfValues,
        MeasureError,
        MeasureKind,
        MomentError,
        Month,
        NotInReferentielError,
        PeriodError,
        Periodicity,
        Prefecture,
        Provenance,
        QualeprefError,
        Ratio,
        ReplyKind,
        Requirement,
        RowWriter,
        SampleWindow,
        Semester,
        SkippedSheet,
        StatusBands,
        TrackingError,
        TrackingFile,
        Trend,
        Unit,
        UnknownDepartementError,
        ValueOnly,
        check_flows,
        evolution,
        open_tracking_file,
        parse_day,
        parse_time_of_day,
    )

    assert_type(ADDED_COLUMNS[0], str)
    assert_type(DEFAULT_BANDS, StatusBands)
    errors: tuple[type[QualeprefError], ...] = (
        AggregationError,
        AnswerBeforeReceiptError,
        DateOutOfRangeError,
        FormulaError,
        MeasureError,
        MomentError,
        NotInReferentielError,
        PeriodError,
        TrackingError,
        UnknownDepartementError,
    )
    assert_type(errors, tuple[type[QualeprefError], ...])
    assert_type(Count(3).value, float)
    assert_type(Ratio(1, 2).kind, MeasureKind)
    assert_type(ValueOnly(0.5).value, float)
    assert_type(MeanOfValues((0.5, 0.7)).value, float | None)
    kinds = (CounterKind.FLOW, DepartementKind.METROPOLE, Level.ERROR, Periodicity.MONTHLY)
    assert_type(kinds[0], CounterKind)
    assert_type(Provenance.SEED.label, str)
    assert_type(ReplyKind.SUBSTANCE.label, str)
    assert_type(Unit.RATE.symbol, str)
    assert_type(Counter(id="lus", label="Lus").kind, CounterKind)
    assert_type(Engagement(number=17, module=1).title, str | None)
    assert_type(Prefecture(name="Préfecture", departement="44").departement, str | None)
    assert_type(Requirement(id="copil", label="COPIL").code, str | None)
    flow = Flow(indicator="courriels_info_5j", received="a", in_time="b")
    assert_type(flow.channels, tuple[str, ...])
    assert_type(Columns().received, str)
    window = SampleWindow(start=dt.date(2022, 1, 10), end=dt.date(2022, 1, 14))
    assert_type(window.services, tuple[str, ...])
    assert_type(Month(2022, 1).start, dt.date)
    assert_type(Semester(2022, 1).children(), tuple[Period, ...])
    assert_type(SkippedSheet("Synthèse", "pas d'en-tête").name, str)
    change = evolution(0.9, 0.95, Unit.RATE, Direction.HIGHER_IS_BETTER)
    assert_type(change, Evolution)
    assert_type(change.trend, Trend | None)
    assert_type(check_flows([flow], load_definitions("isere.toml")), list[str])
    assert_type(parse_day("03/01/2022"), dt.date)
    assert_type(parse_time_of_day("17h30"), dt.time)
    with open_tracking_file("suivi.csv") as tracking:
        assert_type(tracking, TrackingFile)
        assert_type(tracking.header, list[str])
    writer = RowWriter.to_text(io.StringIO(), ["Canal"], "csv")
    assert_type(writer, RowWriter)


def survey_types() -> None:
    """Survey statistics: an interval, a change, « sans objet » as None."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        SMALL_SAMPLE,
        Interval,
        ProportionChange,
        SurveyError,
        compare_proportions,
        wilson_interval,
    )

    assert_type(SMALL_SAMPLE, int)
    assert_type(wilson_interval(17, 20), Interval | None)
    assert_type(compare_proportions(1, 2, 2, 3), ProportionChange | None)
    assert_type(SurveyError("x"), SurveyError)


def plan_types() -> None:
    """The plan d'amélioration: a register read, a report, its texts and counters."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        Action,
        ActionStatus,
        PlanColumns,
        PlanError,
        PlanFileError,
        PlanRegister,
        PlanReport,
        PlanRow,
        PlanSettings,
        Progress,
        RealisationTable,
        RejectedAction,
        default_plan,
        format_number,
        format_percent,
        plan_counters,
        plan_csv,
        plan_markdown,
        plan_report,
        plan_text,
        progress_on,
        read_plan,
        realisation_table,
    )

    day = dt.date(2022, 12, 31)
    action = Action("1", "Boucle auditive", ActionStatus.DONE, module=1, done=day)
    assert_type(progress_on(action, day), Progress | None)
    register = read_plan("plan.xlsx")
    assert_type(register, PlanRegister)
    assert_type(register.rejects, tuple[RejectedAction, ...])
    report = plan_report(register.actions, day, module_labels={}, source_labels={})
    assert_type(report, PlanReport)
    table = realisation_table(register.actions, day, by=lambda a: a.title, labels={})
    assert_type(table, RealisationTable)
    assert_type(table.total, PlanRow)
    assert_type(table.total.rate, float | None)
    assert_type(plan_counters(register.actions, 2022, day), dict[str, int])
    assert_type(plan_text(report) + plan_markdown(report) + plan_csv(report), str)
    settings = default_plan()
    assert_type(settings, PlanSettings)
    assert_type(settings.columns, PlanColumns)
    assert_type(settings.status_of("Fait"), ActionStatus | None)
    assert_type(format_percent(0.7) + format_number(1.5), str)
    assert_type(PlanError("x"), PlanError)
    assert_type(PlanFileError("x"), PlanFileError)


def training_types() -> None:
    """Training: a register read, states, the table by role, the tutorats, the texts."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        Assignment,
        Register,
        RejectedRow,
        TrainingColumns,
        TrainingError,
        TrainingFileError,
        TrainingReport,
        TrainingRow,
        TrainingRule,
        TrainingSettings,
        TrainingState,
        default_training,
        next_training_due,
        read_training,
        training_csv,
        training_markdown,
        training_report,
        training_state,
        training_state_text,
        training_table,
        training_text,
        tutorat_table,
    )

    day = dt.date(2022, 1, 1)
    rule = TrainingRule()
    agent = Assignment("A12", "accueil_physique", started=dt.date(2021, 9, 1))
    assert_type(next_training_due(agent, rule, day), dt.date)
    assert_type(training_state(agent, day, rule), TrainingState)
    assert_type(training_state_text(agent, day, rule), str)
    register = read_training("formations.xlsx")
    assert_type(register, Register[Assignment])
    assert_type(register.rejects, tuple[RejectedRow, ...])
    rows, total = training_table(register.records, day, rule, labels={})
    assert_type(rows, tuple[TrainingRow, ...])
    assert_type(total.share, float | None)
    assert_type(tutorat_table(register.records, day), dict[str, int])
    report = training_report(register.records, day, rule, labels={})
    assert_type(report, TrainingReport)
    assert_type(training_text(report) + training_markdown(report) + training_csv(report), str)
    settings = default_training()
    assert_type(settings, TrainingSettings)
    assert_type(settings.columns, TrainingColumns)
    assert_type(settings.rule.to_rule(), TrainingRule)
    assert_type(TrainingError("x"), TrainingError)
    assert_type(TrainingFileError("x"), TrainingFileError)


def grid_types() -> None:
    """Surveys and mystery grids: scales, a grid read, tallies, observations, texts."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        GridFileError,
        GridQuestion,
        GridRegister,
        GridSettings,
        Interval,
        Observation,
        ProportionChange,
        QuestionTally,
        Scale,
        Year,
        default_grid,
        default_scales,
        grid_csv,
        grid_markdown,
        grid_observations,
        grid_text,
        load_definitions,
        overall_tally,
        read_grid,
        tally_question,
    )

    scale: Scale = default_scales()["satisfaction"]
    assert_type(scale.level_of("satisfait"), str | None)
    question = GridQuestion("accueil", "Accueil", scale)
    tally = tally_question(question, ["satisfait", None])
    assert_type(tally, QuestionTally)
    assert_type(tally.rate, float | None)
    assert_type(tally.interval, Interval | None)
    assert_type(tally.change, ProportionChange | None)
    settings = default_grid("satisfaction")
    assert_type(settings, GridSettings)
    register = read_grid("reponses.xlsx", settings, kind="survey")
    assert_type(register, GridRegister)
    tallies = register.tallies()
    assert_type(overall_tally(tallies, question), QuestionTally)
    observations = grid_observations(tallies, load_definitions("d.toml"), Year(2021))
    assert_type(observations, list[Observation])
    text = grid_text("Enquête", tallies, rows_read=1) + grid_markdown("E", tallies, rows_read=1)
    assert_type(text + grid_csv(tallies), str)
    assert_type(GridFileError("x"), GridFileError)


def schedule_types() -> None:
    """The échéancier: rules, events, obligations, the pilotage register, the outputs."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        DueState,
        Event,
        Frequency,
        LabelRule,
        Obligation,
        ObligationSettings,
        PeriodicRule,
        PilotageFileError,
        Register,
        Rules,
        TrainingRule,
        default_obligations,
        plan_obligations,
        read_pilotage,
        schedule,
        schedule_ics,
        schedule_text,
        training_obligations,
        write_schedule_xlsx,
    )

    day = dt.date(2022, 12, 31)
    rules = Rules((PeriodicRule("clu", "CLU", Frequency.YEAR),), (LabelRule("a", "A", 18),))
    items = schedule(rules, [Event("clu", day)], day, year=2022)
    assert_type(items, tuple[Obligation, ...])
    assert_type(items[0].state, DueState)
    settings = default_obligations()
    assert_type(settings, ObligationSettings)
    register = read_pilotage("pilotage.csv", settings)
    assert_type(register, Register[Event])
    assert_type(plan_obligations([], day), tuple[Obligation, ...])
    assert_type(training_obligations([], day, TrainingRule(), labels={}), tuple[Obligation, ...])
    assert_type(schedule_text(items, title="x", as_of=day), str)
    assert_type(schedule_ics(items, title="x", as_of=day, domain="38"), bytes)
    assert_type(write_schedule_xlsx(items, "e.xlsx", title="x", as_of=day), None)
    assert_type(PilotageFileError("x"), PilotageFileError)


def calendar_table_types() -> None:
    """The calendar as a table: Arrow for engines, or a Parquet or CSV file."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        WorkingCalendar,
        calendar_table,
        write_calendar_table,
    )

    calendar = WorkingCalendar.for_departement("44")
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert_type(calendar.working_day_rank(first), int)
    assert_type(calendar.day_columns(first, last)["rang"], list[Any])
    assert_type(write_calendar_table("jours.parquet", [calendar], first, last), int)
    assert_type(calendar_table([calendar], first, last), Any)
    assert_type(calendar.to_arrow(), Any)


def national_types() -> None:
    """The national view: participants, rows, distribution, its writers."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        Distribution,
        Measurements,
        NationalRow,
        NationalView,
        Participant,
        PrefectureFigure,
        Year,
        load_definitions,
        national_csv,
        national_html,
        national_view,
        write_national_xlsx,
    )

    people = [Participant("44", load_definitions("44.toml"), Measurements([]))]
    view = national_view(people, 2022, quarters=False)
    assert_type(view, NationalView)
    row = view.row("appels_aboutis", Year(2022))
    assert_type(row, NationalRow | None)
    assert row is not None
    assert_type(row.distribution, Distribution)
    assert_type(row.figures, tuple[PrefectureFigure, ...])
    assert_type(row.national_value, float | None)
    assert_type(national_csv(view) + national_html(view), str)
    assert_type(write_national_xlsx(view, "national.xlsx"), None)


def poster_types() -> None:
    """The programme transparence poster: built, then typeset or written as HTML."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        Measurements,
        Poster,
        PosterLine,
        Quarter,
        build_poster,
        load_definitions,
        poster_html,
        poster_pdf,
        poster_png,
    )

    poster = build_poster(
        load_definitions("d.toml"), Measurements([]), Quarter(2022, 4), dt.date(2023, 1, 10)
    )
    assert_type(poster, Poster)
    assert_type(poster.lines, tuple[PosterLine, ...])
    assert_type(poster_pdf(poster, paper="a3") + poster_png(poster, ppi=72), bytes)
    assert_type(poster_html(poster), str)


def review_types() -> None:
    """The bilan annuel and the charts."""
    from qualepref import (  # noqa: PLC0415 - grouped with what it checks
        AnnualReview,
        Measurements,
        build_dashboard,
        chart_png,
        dashboard_charts,
        load_definitions,
        review_html,
        review_pdf,
        write_review_docx,
    )

    definitions = load_definitions("d.toml")
    dashboard = build_dashboard(definitions, Measurements([]), 2022)
    charts = dashboard_charts(dashboard)
    assert_type(charts, dict[str, bytes])
    assert_type(chart_png(dashboard.rows[0], 2022), bytes | None)
    review = AnnualReview(definitions, dashboard, charts=charts)
    assert_type(review.missing(), list[str])
    assert_type(write_review_docx(review, "bilan.docx"), None)
    assert_type(review_html(review), str)
    assert_type(review_pdf(review), bytes)
