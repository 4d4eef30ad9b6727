"""The history's four charts (issue #4) against the repository, offscreen.

Each chart is opened the way a runner opens it (a click on its tab) and what it drew — the
pyqtgraph items' data — is compared with `hillsprint.core.chart_data` and, where it can be, with
numbers taken straight from the database. Also: the range buttons and the plan filter, clicking
a point to open the session, the hover read-out, PNG export, the lazy pyqtgraph import and the
empty history.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pytest
from import_probe import run_fresh
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox
from session_support import add_session

from hillsprint.core import chart_data, metrics
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepRecord, RepStatus
from hillsprint.storage.history_queries import history_rows, rep_efforts
from hillsprint.storage.sample_history import LONG_HILL, fill_history
from hillsprint.storage.store import Store
from hillsprint.ui.history.charts import style
from hillsprint.ui.history.charts.chart_set import EFFORT, LOAD, REP_CURVES, WEEKLY
from hillsprint.ui.history.charts.panel import EXPORT_WIDTH_PX
from hillsprint.ui.history.charts.rep_curves_panel import MAX_CURVES
from hillsprint.ui.history.history_screen import HistoryScreen

CET = timezone(timedelta(hours=1))
DAY_S = 86400.0
SPANS = {"4 weeks": 28, "3 months": 91, "1 year": 365}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# -- fixtures and helpers ----------------------------------------------------------------------


@pytest.fixture
def history(repository):
    """Half a year of generated sessions (three plans, mixed +01:00/+02:00 offsets), all
    before today, so that "4 weeks" to today holds some of them and not all."""
    until = datetime.combine(date.today(), time(0), tzinfo=CET)
    count = fill_history(repository, years=0.5, until=until, seed=3)
    rows = history_rows(repository.connection)
    assert len(rows) == count > 60
    return rows


@pytest.fixture
def screen(qtbot, repository):
    screen = HistoryScreen(Store(repository.connection))
    qtbot.addWidget(screen)
    screen.resize(1366, 900)
    return screen


@pytest.fixture
def shown(qtbot, screen, history):
    """The history screen with the generated history, loaded and on screen."""
    screen.load()
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def show_tab(qtbot, screen: HistoryScreen, chart: int):
    """Click the chart's tab; returns its panel once drawn and laid out."""
    bar = screen.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(chart + 1).center())
    assert screen.tabs.currentIndex() == chart + 1
    panel = screen.charts.panels[chart]
    qtbot.waitUntil(lambda: panel.isVisible() and panel.graphics.height() > 200)
    qtbot.wait(30)  # the view boxes take their ranges when laid out
    return panel


def local_day(row) -> date:
    return datetime.fromisoformat(row.started_at).date()


def expected_span(rows, key: str = "All") -> tuple[date, date]:
    """What a range button should select: the last N days to today, or from the first session."""
    days = [local_day(r) for r in rows]
    last = max([date.today(), *days])
    if key == "All":
        return min(days), last
    return max(last - timedelta(days=SPANS[key] - 1), min(days)), last


def midnight(day: date) -> float:
    """Local midnight (the machine's zone, as the date axis shows it) in Unix seconds."""
    return datetime.combine(day, time(0)).timestamp()


def efforts_in_db(repository, session_id: str) -> list[tuple[int, int | None]]:
    """(rep number, effort) straight from the reps table."""
    return repository.connection.execute(
        "SELECT number, effort FROM reps WHERE session_id = ? ORDER BY number", (session_id,)
    ).fetchall()


def known(xs, ys, ids):
    kept = [(x, y, i) for x, y, i in zip(xs, ys, ids, strict=True) if y is not None]
    return [k[0] for k in kept], [k[1] for k in kept], [k[2] for k in kept]


def drawn(item) -> tuple[list[float], list[float]]:
    x, y = item.getData()
    return ([] if x is None else list(x)), ([] if y is None else list(y))


def ids_of(scatter) -> list[str]:
    return [spot.data() for spot in scatter.points()]


def point_at(qtbot, panel, plot, spot) -> QPoint:
    """Move the mouse onto a scatter point; returns its position in the viewport.

    Repeated: the read-out under the chart may grow when it starts showing a value, which
    moves the plots (see test_hovering_a_point_does_not_move_the_plot)."""
    viewport = panel.graphics.viewport()
    for _ in range(3):
        pos = panel.graphics.mapFromScene(plot.vb.mapViewToScene(spot.pos()))
        qtbot.mouseMove(viewport, pos)
        qtbot.wait(20)
    return panel.graphics.mapFromScene(plot.vb.mapViewToScene(spot.pos()))


# -- 1. effort per session -----------------------------------------------------------------------


def test_effort_chart_draws_the_effort_series(qtbot, shown, history, repository):
    panel = show_tab(qtbot, shown, EFFORT)
    first, last = expected_span(history)
    series = chart_data.effort_series(history, first, last)
    assert len(series.ids) == len(history)  # "All": every generated session (all finished)
    # x is the instant: the same as parsing the ISO strings (the rows get it from SQL)
    oldest_first = sorted(history, key=lambda r: datetime.fromisoformat(r.started_at))
    assert series.ids == [r.id for r in oldest_first]
    assert series.x == pytest.approx(
        [datetime.fromisoformat(r.started_at).timestamp() for r in oldest_first], abs=1e-3
    )
    # some sessions lack a session effort: those points are left out, not drawn at 0
    assert None in series.session_effort

    for scatter, values in (
        (panel.mean_points, series.mean_effort),
        (panel.max_points, series.max_effort),
        (panel.session_effort_points, series.session_effort),
    ):
        x, y, ids = known(series.x, values, series.ids)
        assert drawn(scatter) == (x, y)
        assert [spot.data() for spot in scatter.points()] == ids
    mx, my, _ = known(series.x, series.mean_effort, series.ids)
    assert drawn(panel.mean_line) == (mx, my)
    assert list(panel.reps_bars.opts["x"]) == series.x
    assert list(panel.reps_bars.opts["height"]) == series.reps_done
    assert drawn(panel.reps_points) == (series.x, [float(n) for n in series.reps_done])


def test_effort_points_are_the_rep_efforts_in_the_database(qtbot, shown, history, repository):
    """The mean and hardest points against the reps table, not against the history query."""
    panel = show_tab(qtbot, shown, EFFORT)
    means = dict(zip(ids_of(panel.mean_points), drawn(panel.mean_points)[1], strict=True))
    tops = dict(zip(ids_of(panel.max_points), drawn(panel.max_points)[1], strict=True))
    assert len(means) == len(tops) > 60
    for session_id in means:
        efforts = [e for _, e in efforts_in_db(repository, session_id) if e is not None]
        assert means[session_id] == pytest.approx(sum(efforts) / len(efforts))
        assert tops[session_id] == max(efforts)


# -- 2. weekly sessions and load -----------------------------------------------------------------


def weekly_split(series, target: int):
    centres = [midnight(m) + 3.5 * DAY_S for m in series.mondays]
    weeks = list(zip(centres, series.sessions, strict=True))
    met = [(x, n) for x, n in weeks if n >= target]
    short = [(x, n) for x, n in weeks if n < target]
    return centres, met, short


def bars(item) -> list[tuple[float, float]]:
    """(x, height) of each bar drawn."""
    return list(zip(list(item.opts["x"]), list(item.opts["height"]), strict=True))


def assert_bars(item, expected: list[tuple[float, float]]) -> None:
    got = bars(item)
    assert [x for x, _ in got] == pytest.approx([x for x, _ in expected])
    assert [h for _, h in got] == pytest.approx([h for _, h in expected])


def test_weekly_chart_draws_sessions_against_the_target_and_the_load(qtbot, shown, history):
    panel = show_tab(qtbot, shown, WEEKLY)
    first, last = expected_span(history)
    target = shown.weekly_target
    series = chart_data.weekly_series(history, first, last, target)
    assert series.target == target == 2
    # every session of the history is in one of the (whole) weeks drawn
    assert sum(series.sessions) == len(history)
    assert series.mondays[0] == metrics.monday_of(first)
    assert series.mondays[-1] == metrics.monday_of(last)

    centres, met, short = weekly_split(series, target)
    assert met and short  # the sample has weeks off and full weeks: both colours are used
    assert_bars(panel.met_bars, met)
    assert_bars(panel.short_bars, short)
    assert_bars(panel.load_bars, list(zip(centres, series.load, strict=True)))
    assert panel.target_line.value() == target
    # the load of a week: Foster loads of its sessions, summed here from the rows
    for monday, load in zip(series.mondays, series.load, strict=True):
        in_week = [r for r in history if metrics.monday_of(local_day(r)) == monday]
        loads = [r.session_rpe * r.duration_s / 60 for r in in_week if r.session_rpe is not None]
        assert load == pytest.approx(sum(loads))


def test_weekly_chart_follows_the_weekly_target(qtbot, shown, history):
    panel = show_tab(qtbot, shown, WEEKLY)
    before = bars(panel.met_bars)
    shown.weekly_target = 4
    shown.load()  # what the main window does when the history is opened again
    first, last = expected_span(history)
    series = chart_data.weekly_series(history, first, last, 4)
    _, met, short = weekly_split(series, 4)
    assert panel.target_line.value() == 4
    assert_bars(panel.met_bars, met)
    assert_bars(panel.short_bars, short)
    assert len(met) < len(before)
    assert all(n >= 4 for _, n in met) and all(n < 4 for _, n in short)


# -- 4. load trend, monotony and strain -----------------------------------------------------------


def test_load_chart_draws_the_load_trend(qtbot, shown, history):
    panel = show_tab(qtbot, shown, LOAD)
    first, last = expected_span(history)
    series = chart_data.load_trend_series(history, first, last)
    assert series.days[0] == first and series.days[-1] == last
    x = [midnight(day) + DAY_S / 2 for day in series.days]

    assert drawn(panel.acute_line) == (pytest.approx(x), pytest.approx(series.acute))
    assert drawn(panel.chronic_line) == (pytest.approx(x), pytest.approx(series.chronic))
    rx, ry = drawn(panel.ratio_line)
    assert rx == pytest.approx(x)
    assert [np.isnan(v) for v in ry] == [r is None for r in series.ratio]
    assert [v for v in ry if not np.isnan(v)] == pytest.approx(
        [r for r in series.ratio if r is not None]
    )
    assert list(panel.daily_bars.opts["height"]) == pytest.approx(series.daily_load)
    # all the history's known loads are in the daily bars, each on its local day
    known_loads = [r.session_rpe * r.duration_s / 60 for r in history if r.session_rpe is not None]
    assert sum(series.daily_load) == pytest.approx(sum(known_loads))
    # the acute line is the 7-day EWMA of the daily bars (λ = 0.25), from a 0 seed
    acute, value = [], 0.0
    for load in series.daily_load:
        value = 0.25 * load + 0.75 * value
        acute.append(value)
    assert drawn(panel.acute_line)[1] == pytest.approx(acute)


def week_cells(html: str) -> list[list[str]]:
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    assert len(cells) % 5 == 0
    return [cells[n : n + 5] for n in range(0, len(cells), 5)]


def test_load_chart_lists_monotony_and_strain_of_the_last_whole_weeks(qtbot, shown, history):
    panel = show_tab(qtbot, shown, LOAD)
    first, last = expected_span(history)
    weeks = chart_data.recent_weeks(history, last)
    assert len(weeks) == 4
    assert any(w.monotony is not None for w in weeks)
    expected = [
        [
            f"{w.monday:%d %b}",
            str(w.sessions),
            f"{w.load:.0f}",
            "—" if w.monotony is None else f"{w.monotony:.2f}",
            "—" if w.strain is None else f"{w.strain:.0f}",
        ]
        for w in weeks
    ]
    assert week_cells(panel.weeks.text()) == expected
    # the numbers are Foster's, from the same daily loads the chart draws as bars
    trend = chart_data.load_trend_series(history, first, last)
    daily = dict(zip(trend.days, trend.daily_load, strict=True))
    for week in weeks:
        days = [daily[week.monday + timedelta(days=n)] for n in range(7)]
        assert week.load == pytest.approx(sum(days))
        assert week.monotony == pytest.approx(metrics.monotony(days))
        assert week.strain == pytest.approx(metrics.strain(days))
        assert week.monday + timedelta(days=6) <= last  # whole weeks only


# -- 3. rep curves ----------------------------------------------------------------------------


def drawn_curves(panel) -> dict[str, tuple[list[float], list[float]]]:
    """session id → (rep numbers, efforts) of each curve drawn."""
    curves = {}
    for item in panel.plot.listDataItems():
        spots = item.scatter.points()
        session_ids = {str(spot.data()).split("#")[0] for spot in spots}
        assert len(session_ids) == 1
        curves[session_ids.pop()] = drawn(item)
    return curves


def expected_curve(repository, session_id: str):
    reps = [(n, e) for n, e in efforts_in_db(repository, session_id) if e is not None]
    return [float(n) for n, _ in reps], [float(e) for _, e in reps]


def row_id(panel, row: int) -> str:
    return panel.choices.item(row).data(Qt.ItemDataRole.UserRole)


def visible_rows(panel) -> list[int]:
    return [n for n in range(panel.choices.count()) if not panel.choices.item(n).isHidden()]


def test_rep_curves_start_with_the_newest_sessions_at_the_newest_plan(
    qtbot, shown, history, repository
):
    panel = show_tab(qtbot, shown, REP_CURVES)
    first, last = expected_span(history)
    newest = max(history, key=lambda r: r.started_ts)
    same_plan = sorted(
        (r for r in history if r.plan_name == newest.plan_name),
        key=lambda r: r.started_ts,
        reverse=True,
    )
    expected_ids = [r.id for r in same_plan[:5]]
    assert chart_data.default_curve_sessions(history, first, last) == expected_ids
    assert panel.chosen_ids() == expected_ids

    curves = drawn_curves(panel)
    assert set(curves) == set(expected_ids)
    from_query = rep_efforts(repository.connection, expected_ids)
    for session_id, (x, y) in curves.items():
        assert (x, y) == expected_curve(repository, session_id)
        reps = [(n, e) for n, e in enumerate(from_query[session_id], 1) if e is not None]
        assert y == [float(e) for _, e in reps]
    assert len(panel.plot.legend.items) == 5
    # the list: every session in the range, newest first
    listed = [row_id(panel, n) for n in visible_rows(panel)]
    assert listed == [r.id for r in sorted(history, key=lambda r: r.started_ts, reverse=True)]


def press_space_on(qtbot, panel, row: int) -> None:
    panel.choices.setFocus()
    panel.choices.setCurrentRow(row)
    qtbot.keyClick(panel.choices, Qt.Key.Key_Space)


def test_ticking_and_unticking_sessions_redraws_at_most_eight(qtbot, shown, history, repository):
    panel = show_tab(qtbot, shown, REP_CURVES)
    assert MAX_CURVES == 8
    unticked = [
        n
        for n in visible_rows(panel)
        if panel.choices.item(n).checkState() != Qt.CheckState.Checked
    ]
    row = unticked[0]
    added = row_id(panel, row)
    press_space_on(qtbot, panel, row)
    assert panel.choices.item(row).checkState() == Qt.CheckState.Checked
    curves = drawn_curves(panel)
    assert len(curves) == 6 and curves[added] == expected_curve(repository, added)

    removed = panel.chosen_ids()[0]
    press_space_on(
        qtbot, panel, next(n for n in visible_rows(panel) if row_id(panel, n) == removed)
    )
    assert removed not in drawn_curves(panel)
    assert len(drawn_curves(panel)) == 5

    for n in unticked[1:4]:  # 5 + 3 = 8: all drawn
        press_space_on(qtbot, panel, n)
    assert len(drawn_curves(panel)) == 8 == len(panel.chosen_ids())
    ninth = unticked[4]
    press_space_on(qtbot, panel, ninth)
    assert panel.choices.item(ninth).checkState() == Qt.CheckState.Unchecked
    assert len(drawn_curves(panel)) == 8
    assert "Up to 8" in panel.readout.text()


# -- range buttons and the plan filter ----------------------------------------------------------


def range_button(screen, key: str):
    return next(b for b in screen.filters.range_buttons.buttons() if b.text() == key)


def test_four_weeks_button_cuts_table_and_charts_to_the_last_28_days(qtbot, shown, history):
    effort = show_tab(qtbot, shown, EFFORT)
    assert shown.proxy.rowCount() == len(history)
    all_points = len(effort.mean_points.points())

    qtbot.mouseClick(range_button(shown, "4 weeks"), Qt.MouseButton.LeftButton)
    first, last = expected_span(history, "4 weeks")
    assert (first, last) == (date.today() - timedelta(days=27), date.today())
    assert range_button(shown, "4 weeks").isChecked()
    chosen = shown.filters.values()
    assert (chosen.first, chosen.last) == (first, last)
    recent = [r for r in history if first <= local_day(r) <= last]
    assert 0 < len(recent) < len(history)
    assert shown.proxy.rowCount() == len(recent)

    # the chart on screen is redrawn at once
    ids = {spot.data() for spot in effort.mean_points.points()}
    assert ids == {r.id for r in recent if r.mean_effort is not None}
    assert len(ids) < all_points
    series = chart_data.effort_series(history, first, last)
    assert drawn(effort.mean_points) == known(series.x, series.mean_effort, series.ids)[:2]

    # the others when they are next shown
    weekly = show_tab(qtbot, shown, WEEKLY)
    assert weekly.series.mondays[0] == metrics.monday_of(first)
    expected = chart_data.weekly_series(history, first, last, shown.weekly_target)
    assert_bars(
        weekly.load_bars, list(zip(weekly_split(expected, 2)[0], expected.load, strict=True))
    )
    load = show_tab(qtbot, shown, LOAD)
    trend = chart_data.load_trend_series(history, first, last)
    assert len(trend.days) == 28
    assert drawn(load.acute_line)[1] == pytest.approx(trend.acute)
    assert drawn(load.acute_line)[0][0] == pytest.approx(midnight(first) + DAY_S / 2)
    curves = show_tab(qtbot, shown, REP_CURVES)
    assert len(visible_rows(curves)) == len(recent)
    assert set(curves.chosen_ids()) <= {r.id for r in recent}

    qtbot.mouseClick(range_button(shown, "All"), Qt.MouseButton.LeftButton)
    assert shown.proxy.rowCount() == len(history)
    assert len(visible_rows(curves)) == len(history)


@pytest.mark.parametrize("key", ["3 months", "1 year"])
def test_longer_range_buttons(qtbot, shown, history, key):
    load = show_tab(qtbot, shown, LOAD)
    qtbot.mouseClick(range_button(shown, key), Qt.MouseButton.LeftButton)
    first, last = expected_span(history, key)
    assert shown.filters.first.date().toPython() == first
    assert load.series.days[0] == first and load.series.days[-1] == last
    trend = chart_data.load_trend_series(history, first, last)
    assert drawn(load.chronic_line)[1] == pytest.approx(trend.chronic)


def test_plan_filter_changes_every_chart(qtbot, shown, history, repository):
    effort = show_tab(qtbot, shown, EFFORT)
    plan = LONG_HILL.name
    rows = [r for r in history if r.plan_name == plan]
    assert 10 < len(rows) < len(history)
    shown.filters.plan.setCurrentIndex(shown.filters.plan.findData(plan))
    first, last = expected_span(history)
    assert shown.proxy.rowCount() == len(rows)

    series = chart_data.effort_series(rows, first, last)
    assert [spot.data() for spot in effort.mean_points.points()] == [
        sid for sid, m in zip(series.ids, series.mean_effort, strict=True) if m is not None
    ]
    assert drawn(effort.mean_points) == known(series.x, series.mean_effort, series.ids)[:2]

    weekly = show_tab(qtbot, shown, WEEKLY)
    assert sum(weekly.series.sessions) == len(rows)
    expected = chart_data.weekly_series(rows, first, last, shown.weekly_target)
    _, met, short = weekly_split(expected, shown.weekly_target)
    assert_bars(weekly.met_bars, met)
    assert_bars(weekly.short_bars, short)

    curves = show_tab(qtbot, shown, REP_CURVES)
    newest = sorted(rows, key=lambda r: r.started_ts, reverse=True)
    assert curves.chosen_ids() == [r.id for r in newest[:5]]
    for session_id, curve in drawn_curves(curves).items():
        assert curve == expected_curve(repository, session_id)

    load = show_tab(qtbot, shown, LOAD)
    trend = chart_data.load_trend_series(rows, first, last)
    assert drawn(load.acute_line)[1] == pytest.approx(trend.acute)
    everything = chart_data.load_trend_series(history, first, last)
    assert trend.acute != pytest.approx(everything.acute)


# -- clicking a point opens the session ---------------------------------------------------------


def test_a_real_click_on_an_effort_point_opens_the_session(qtbot, shown, history):
    panel = show_tab(qtbot, shown, EFFORT)
    qtbot.mouseClick(range_button(shown, "4 weeks"), Qt.MouseButton.LeftButton)
    qtbot.wait(30)
    spots = panel.mean_points.points()
    spot = spots[len(spots) // 2]
    session_id = spot.data()
    pos = point_at(qtbot, panel, panel.effort_plot, spot)
    assert panel.graphics.viewport().rect().contains(pos)
    with qtbot.waitSignal(panel.sessionClicked) as clicked:
        qtbot.mouseClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert clicked.args == [session_id]
    assert shown.pages.currentWidget() is shown.detail
    assert shown.detail.session.id == session_id
    row = next(r for r in history if r.id == session_id)
    assert row.plan_name in shown.detail.title.text()


def test_clicked_points_of_every_session_series_open_that_session(qtbot, shown, history):
    panel = show_tab(qtbot, shown, EFFORT)
    for scatter in (panel.max_points, panel.session_effort_points, panel.reps_points):
        shown.show_table()
        spot = scatter.points()[3]
        scatter.sigClicked.emit(scatter, [spot], None)
        assert shown.pages.currentWidget() is shown.detail
        assert shown.detail.session.id == spot.data()


def test_clicking_a_rep_curve_point_opens_its_session(qtbot, shown, history):
    panel = show_tab(qtbot, shown, REP_CURVES)
    item = panel.plot.listDataItems()[2]
    spot = item.scatter.points()[1]
    session_id, rep = str(spot.data()).split("#")
    assert float(rep) == spot.pos().x()  # the point is that rep's
    item.scatter.sigClicked.emit(item.scatter, [spot], None)
    assert shown.pages.currentWidget() is shown.detail
    assert shown.detail.session.id == session_id == panel.chosen_ids()[2]


# -- hover -----------------------------------------------------------------------------------


def test_hover_text_gives_a_sessions_exact_values(qtbot, shown, history, repository):
    panel = show_tab(qtbot, shown, EFFORT)
    qtbot.mouseClick(range_button(shown, "4 weeks"), Qt.MouseButton.LeftButton)
    qtbot.wait(30)
    series = panel.series
    n = next(
        i
        for i, sid in enumerate(series.ids)
        if series.session_effort[i] is not None and series.mean_effort[i] is not None
    )
    session_id = series.ids[n]
    stored = repository.get_session(session_id)
    efforts = [e for _, e in efforts_in_db(repository, session_id) if e is not None]
    reps_done = sum(1 for r in repository.reps(session_id) if r.status == RepStatus.DONE)

    text = panel.describe_at(0, series.x[n], 5.0)
    assert text is not None
    assert f"{stored.plan.name}" in text
    if stored.hill:
        assert f"on {stored.hill}" in text
    assert f"Mean rep effort {sum(efforts) / len(efforts):.1f}" in text
    assert f"hardest {max(efforts)}," in text
    assert f"session effort {stored.session_rpe}," in text
    assert f"reps {reps_done} of {stored.plan.rep_count}," in text
    assert f"load {stored.session_rpe * stored.duration_s / 60:.0f} AU" in text
    # the reps plot below says the same; the scatter's tool tip too
    assert panel.describe_at(1, series.x[n], 3.0) == text
    tip = panel.mean_points.opts["tip"]
    assert tip(x=series.x[n], y=series.mean_effort[n], data=session_id) == text
    # nowhere near a session: nothing
    assert panel.describe_at(0, series.x[0] - 20 * DAY_S, 5.0) is None


def test_pointing_at_a_point_shows_its_text_under_the_chart(qtbot, shown, history):
    panel = show_tab(qtbot, shown, EFFORT)
    qtbot.mouseClick(range_button(shown, "4 weeks"), Qt.MouseButton.LeftButton)
    qtbot.wait(30)
    assert panel.readout.text() == panel.hint
    spot = panel.mean_points.points()[2]
    point_at(qtbot, panel, panel.effort_plot, spot)
    expected = panel.tips[spot.data()]
    assert panel.readout.text() == expected
    assert panel.effort_plot.vb.toolTip() == expected  # pyqtgraph's tool tip on the point


def test_hover_texts_of_the_other_charts(qtbot, shown, history):
    first, last = expected_span(history)
    weekly = show_tab(qtbot, shown, WEEKLY)
    series = chart_data.weekly_series(history, first, last, 2)
    n = max(range(len(series.mondays)), key=lambda i: series.sessions[i])
    text = weekly.describe_at(0, midnight(series.mondays[n]) + 3.5 * DAY_S, 1.0)
    count = series.sessions[n]
    assert f": {count} sessions, target 2 (target reached); load {series.load[n]:.0f} AU" in text
    assert f"{series.mondays[n]:%d %b}" in text

    load = show_tab(qtbot, shown, LOAD)
    trend = chart_data.load_trend_series(history, first, last)
    n = max(range(len(trend.days)), key=lambda i: trend.daily_load[i])
    text = load.describe_at(0, midnight(trend.days[n]) + DAY_S / 2, 10.0)
    assert text.startswith(f"{trend.days[n]:%a %d %b %Y}: load {trend.daily_load[n]:.0f} AU")
    assert f"acute {trend.acute[n]:.1f}, chronic {trend.chronic[n]:.1f}" in text
    assert f"ratio {trend.ratio[n]:.2f}" in text

    curves = show_tab(qtbot, shown, REP_CURVES)
    text = curves.describe_at(0, 2.2, 5.0)
    assert text.startswith("Rep 2: ")
    assert len(curves.curves) == 5
    for curve in curves.curves:
        when = datetime.fromisoformat(curve.started_at)
        if curve.efforts[1] is None:  # rep 2 without an effort: not mentioned
            assert f"{when:%d %b %Y}:" not in text
        else:
            assert f"{when:%d %b %Y}: {curve.efforts[1]:.0f}" in text


def test_hover_text_gives_the_sessions_own_local_time(qtbot, screen, repository):
    """A session run abroad (Nepal, +05:45, no DST anywhere near): the table says 00:30 on
    Tuesday 3 March; the hover text should say the same."""
    plan = Plan("Short 3", (RepSpec(10, 60),) * 3)
    session_id = add_session(repository, plan, "2026-03-03T00:30:00.000+05:45", [5, 6, 7])
    screen.load()
    screen.show()
    qtbot.waitExposed(screen)
    panel = show_tab(qtbot, screen, EFFORT)
    assert screen.proxy.data(screen.proxy.index(0, 0)) == "Tue 03 Mar 2026  00:30"
    text = panel.tips[session_id]
    assert text.startswith("Tue 03 Mar 2026 00:30:"), text


def test_hovering_a_point_does_not_move_the_plot(qtbot, shown, history):
    panel = show_tab(qtbot, shown, EFFORT)
    qtbot.mouseClick(range_button(shown, "4 weeks"), Qt.MouseButton.LeftButton)
    qtbot.wait(30)
    spot = panel.mean_points.points()[3]
    height = panel.graphics.height()
    pos = panel.graphics.mapFromScene(panel.effort_plot.vb.mapViewToScene(spot.pos()))
    qtbot.mouseMove(panel.graphics.viewport(), pos)
    qtbot.wait(30)
    assert panel.readout.text() != panel.hint  # the mouse is on the point
    assert panel.graphics.height() == height
    with qtbot.waitSignal(panel.sessionClicked, timeout=500):
        qtbot.mouseClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)


# -- the charts follow edits made in the session detail -----------------------------------------


def test_an_effort_edited_in_the_detail_shows_in_the_chart(qtbot, shown, history):
    panel = show_tab(qtbot, shown, EFFORT)
    spot = panel.session_effort_points.points()[-1]
    session_id, old = spot.data(), spot.pos().y()
    new = 0 if old != 0 else 1
    panel.session_effort_points.sigClicked.emit(panel.session_effort_points, [spot], None)
    shown.detail.session_effort.set_effort(new)
    shown.detail.close_detail()
    assert shown.pages.currentWidget() is shown.table_page
    assert shown.tabs.currentIndex() == EFFORT + 1
    efforts = dict(
        zip(
            [s.data() for s in panel.session_effort_points.points()],
            drawn(panel.session_effort_points)[1],
            strict=True,
        )
    )
    assert efforts[session_id] == new


def test_a_deleted_session_leaves_the_charts(qtbot, shown, history, repository):
    panel = show_tab(qtbot, shown, EFFORT)
    spot = panel.mean_points.points()[-1]
    session_id = spot.data()
    panel.mean_points.sigClicked.emit(panel.mean_points, [spot], None)
    shown.detail.ask_delete()
    shown.detail.delete_question.box.done(QMessageBox.StandardButton.Yes)
    assert repository.get_session(session_id) is None
    assert shown.pages.currentWidget() is shown.table_page
    assert session_id not in [s.data() for s in panel.mean_points.points()]


# -- PNG -------------------------------------------------------------------------------------


def colour_counts(image: QImage) -> dict[int, int]:
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(rgb.constBits(), dtype=np.uint32, count=rgb.width() * rgb.height())
    values, counts = np.unique(pixels & 0xFFFFFF, return_counts=True)
    return dict(zip(values.tolist(), counts.tolist(), strict=True))


@pytest.mark.parametrize(
    ("chart", "colour"),
    [
        (EFFORT, style.BLUE),  # mean rep effort line and points
        (WEEKLY, style.GREEN),  # weeks that reached the target
        (REP_CURVES, style.BLUE),  # the second curve
        (LOAD, style.VERMILLION),  # the acute line
    ],
)
def test_png_image_is_the_drawn_chart(qtbot, shown, history, chart, colour):
    panel = show_tab(qtbot, shown, chart)
    image = panel.png_image()
    assert isinstance(image, QImage) and not image.isNull()
    assert image.width() == EXPORT_WIDTH_PX == 1600
    counts = colour_counts(image)
    total = image.width() * image.height()
    assert total - counts.get(0xFFFFFF, 0) > total // 100  # not a blank page
    # the data is in it, in its colour (a legend sample alone is a few hundred pixels)
    assert counts.get(int(colour[1:], 16), 0) > 1500


def test_save_png_writes_a_png_file(qtbot, shown, history, tmp_path):
    panel = show_tab(qtbot, shown, LOAD)
    target = tmp_path / "load.png"
    assert panel.save_png(str(target)) is None
    assert target.read_bytes().startswith(PNG_SIGNATURE)
    image = QImage(str(target))
    assert not image.isNull() and image.width() == 1600


def test_save_png_refuses_a_folder_and_a_missing_folder(qtbot, shown, history, tmp_path):
    panel = show_tab(qtbot, shown, WEEKLY)
    folder = tmp_path / "charts"
    folder.mkdir()
    problem = panel.save_png(str(folder))
    assert problem is not None and "is a folder" in problem
    assert list(folder.iterdir()) == []
    missing = tmp_path / "no such folder" / "weekly.png"
    problem = panel.save_png(str(missing))
    assert problem is not None and "could not write" in problem
    assert not missing.exists() and not missing.parent.exists()


# -- pyqtgraph is loaded with the first chart, not before ----------------------------------------

LAZY_SCRIPT = """
import sys, tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.store import Store
from hillsprint.storage.sample_history import fill_history
from hillsprint.ui.home.main_window import MainWindow
d = tempfile.mkdtemp()
conn = open_database(Path(d) / "x.sqlite3")
repo = SessionRepository(conn)
fill_history(repo, years=0.1, until=datetime(2026, 5, 1, tzinfo=timezone(timedelta(hours=2))))
window = MainWindow(Store(conn), resolve_paths(d))
window.show()
window.start_screen.history_button.click()
app.processEvents()
history = window.history
print("history", window.stack.currentWidget() is history, history.proxy.rowCount() > 0)
print("before", "pyqtgraph" in sys.modules, history.charts is None)
history.tabs.setCurrentIndex(1)
app.processEvents()
print("after", "pyqtgraph" in sys.modules, len(history.charts.panels))
window.close()
conn.close()
"""


def test_pyqtgraph_is_imported_only_when_a_chart_tab_is_shown(tmp_path):
    lines = run_fresh(LAZY_SCRIPT, cwd=tmp_path, timeout=90).split("\n")
    assert "history True True" in lines
    assert "before False True" in lines
    assert "after True 1" in lines


# -- empty and in-progress-only histories ----------------------------------------------------------


def test_empty_history_shows_the_empty_state_and_builds_no_chart(qtbot, screen):
    screen.load()
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.pages.currentWidget() is screen.empty_page
    assert screen.charts is None
    for host, wait in zip(screen.chart_hosts, screen.chart_waits, strict=True):
        shown = [host.layout().itemAt(i).widget() for i in range(host.layout().count())]
        assert shown == [wait]  # only "Drawing the chart…": no chart was built
    screen.filters.set_range("4 weeks")  # a range change with no charts: nothing to draw
    assert screen.charts is None


def test_a_session_in_progress_is_listed_but_not_charted(qtbot, screen, repository):
    plan = Plan("Short 3", (RepSpec(10, 60),) * 3)
    running = repository.start_session(plan, "2026-03-03T07:00:00.000+01:00")
    repository.record_rep(
        running,
        RepRecord(
            number=1,
            started_at="2026-03-03T07:05:00.000+01:00",
            sprint_planned_s=10.0,
            sprint_s=10.0,
            recovery_planned_s=60.0,
            recovery_s=60.0,
            recovery_manual=False,
            status=RepStatus.DONE,
        ),
    )
    repository.set_rep_effort(running, 1, 9)
    done = add_session(repository, plan, "2026-03-02T07:00:00.000+01:00", [5, 6, 7], rpe=7)
    screen.load()
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.proxy.rowCount() == 2

    effort = show_tab(qtbot, screen, EFFORT)
    assert [spot.data() for spot in effort.mean_points.points()] == [done]
    weekly = show_tab(qtbot, screen, WEEKLY)
    assert sum(weekly.series.sessions) == 1
    curves = show_tab(qtbot, screen, REP_CURVES)
    assert curves.chosen_ids() == [done] and visible_rows(curves) == [0]
    load = show_tab(qtbot, screen, LOAD)
    assert sum(load.series.daily_load) == pytest.approx(7 * 20.0)  # the finished one only


def test_a_rep_effort_edited_in_the_detail_shows_in_the_rep_curves_on_reload(
    qtbot, shown, history, repository
):
    panel = show_tab(qtbot, shown, REP_CURVES)
    session_id = panel.chosen_ids()[0]
    old = efforts_in_db(repository, session_id)[0][1]
    new = 0 if old != 0 else 1
    assert shown.open_session(session_id)
    shown.detail.effort_boxes[0].set_effort(new)
    assert efforts_in_db(repository, session_id)[0][1] == new
    shown.detail.close_detail()
    shown.load()  # as when the history is opened again
    assert panel.chosen_ids()[0] == session_id
    assert drawn_curves(panel)[session_id] == expected_curve(repository, session_id)


def test_a_chart_tab_says_it_is_drawing_until_its_chart_is_there(qtbot, shown):
    wait = shown.chart_waits[WEEKLY]
    assert wait.text() == "Drawing the chart…"
    panel = show_tab(qtbot, shown, WEEKLY)
    assert wait.isHidden() and panel.isVisible()
    assert not shown.chart_waits[EFFORT].isHidden()  # not shown yet: still waiting
