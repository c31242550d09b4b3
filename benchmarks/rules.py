"""Milestone, readiness and badge rules: evaluating everything for one youth whose facts are
loaded (target p95 < 5 ms), loading one youth's facts and evaluating (reported), and a
500-youth cohort right after a bulk activity — facts for all 500 and every rule (target
< 1 s) — with the SQL statements each sends.

Builds a fresh app on a fresh database (SQLite in a temporary directory unless
``--database-url`` names another; on PostgreSQL everything lives in a schema of its own that
is created before and dropped after the run), loads the career catalog and the instruments
from ``content/``, fills one organization with bulk inserts (a cohort of 500 youth in grades
6–12, each with a year of activities, reflections, assessments, evidence and saved careers;
high-schoolers with a completed internship, verified hours and a supervisor evaluation), logs
one more activity for the whole cohort, and times the rule work in-process.

    .venv/bin/python benchmarks/rules.py
    .venv/bin/python benchmarks/rules.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/rules.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import benchkit
from benchkit import ROOT, Database
from sqlalchemy import func, insert, select

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.assessments.models import AssessmentAttempt, Instrument
from ccl_youth.assessments.sync import sync_instruments
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers.models import CareerCluster, FavoriteOccupation, Occupation
from ccl_youth.careers.sync import sync_careers
from ccl_youth.core.content import ContentError, load_content
from ccl_youth.core.content_experiences import ExperienceCatalog, experience_catalog
from ccl_youth.core.content_recognition import RecognitionCatalog, recognition_catalog
from ccl_youth.core.roles import ConsentState, Role, stage_for_grade
from ccl_youth.core.rules import Outcome, YouthFacts, evaluate, is_met
from ccl_youth.db import StatementCounter, utcnow
from ccl_youth.experiences.models import Activity, ActivityCluster, Participation, Reflection
from ccl_youth.extensions import db
from ccl_youth.placements.models import Evaluation, EvaluationRating, HoursEntry, Placement
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Cohort, Enrollment, Program
from ccl_youth.progress.evaluation import ProgressReport, evaluate_progress
from ccl_youth.progress.facts import load_facts
from ccl_youth.skills.models import Evidence, EvidenceSkill

CONTENT = ROOT / "content"
PG_SCHEMA = "ccl_youth_rules_bench"
MARKER = "<!-- rules-bench:{name}:{end} -->"
SECTION_BEGIN = "<!-- rules-bench:begin -->"
SECTION_END = "<!-- rules-bench:end -->"

ONE_TARGET_MS = 5.0  # every rule for one youth, facts loaded: 95th percentile
COHORT_TARGET_MS = 1000.0  # facts for 500 youth and every rule: 95th percentile
COHORT = 500
ACTIVITIES = 60
ATTENDED = 15  # activities each youth attended, before the bulk one
REFLECTIONS = 6
FAVORITES = 3
HOURS = 10  # entries of a high-schooler's internship, 8 of them verified
DURABLE = ("collaboration", "communication", "critical_thinking", "creativity", "leadership")
STEM = ("measurement", "tool_use", "data_analysis")


# --- the rule work timed ------------------------------------------------------------------


@dataclass(frozen=True)
class Everything:
    report: ProgressReport
    badges: tuple[Outcome, ...]


def evaluate_everything(
    recognition: RecognitionCatalog, experiences: ExperienceCatalog, facts: YouthFacts
) -> Everything:
    """What one youth's pages need: every milestone with its steps, the readiness verdict,
    and every badge rule with its steps ("almost there"), milestones decided first."""
    report = evaluate_progress(recognition, experiences.framework, facts)
    decided = replace(
        facts, milestones=frozenset(s.milestone.id for s in report.milestones if s.met)
    )
    labels = recognition.labels
    badges = tuple(evaluate(b.rule, decided, labels) for b in recognition.badges if b.rule)
    return Everything(report, badges)


def cohort_verdicts(recognition: RecognitionCatalog, facts: dict[int, YouthFacts]) -> int:
    """Re-evaluating a cohort: for each youth the milestones met, the readiness rule of their
    stage and the badges newly earned (no steps: verdicts only). Returns how many youth are
    ready for their next stage, so the work cannot be skipped."""
    ready = 0
    for youth_facts in facts.values():
        decided = recognition.with_milestones(youth_facts)
        rule = recognition.readiness.get(decided.stage)
        if rule is not None and is_met(rule, decided):
            ready += 1
        recognition.badges_earned(decided)
    return ready


# --- the data -----------------------------------------------------------------------------


@dataclass
class Dataset:
    organization_id: int
    cohort_ids: list[int]
    rich_id: int
    counts: dict[str, int] = field(default_factory=dict)


def _insert_ids(model: type, rows: list[dict[str, Any]]) -> list[int]:
    result = db.session.scalars(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return list(result)


def _load_content() -> None:
    try:
        content = load_content(CONTENT)
    except ContentError as error:
        raise SystemExit("\n".join([*error.messages, f"problems in {CONTENT}"])) from None
    sync_careers(db.session, content)
    sync_instruments(db.session, content)


def _youth(organization_id: int, today: date, now: datetime) -> list[int]:
    ids = _insert_ids(
        User,
        [
            {
                "organization_id": organization_id,
                "role": Role.YOUTH.value,
                "username": f"rules{i:04d}",
                "display_name": f"Rules Youth {i:04d}",
                "password_hash": "!unusable",
                "is_active": True,
                "session_version": 1,
                "preferred_language": "en",
                "created_dt": now,
            }
            for i in range(COHORT)
        ],
    )
    db.session.execute(
        insert(YouthProfile),
        [
            {
                "user_id": youth_id,
                "grade": 6 + i % 7,
                "birth_year": today.year - 12 - i % 7,
                "birth_month": i % 12 + 1,
                "school": "Eastside",
                "stage": stage_for_grade(6 + i % 7).value,
                "consent_state": ConsentState.NOT_REQUIRED.value,
                "directory_opt_out": False,
            }
            for i, youth_id in enumerate(ids)
        ],
    )
    return ids


def build_data(experiences: ExperienceCatalog) -> Dataset:
    """One organization and program; the 500-youth cohort; everything in bulk."""
    session = db.session
    today, now = date.today(), utcnow()
    _load_content()
    organization = programs.create_organization(session, "rules", "Rules Benchmark Network")
    program = Program(organization_id=organization.id, name="Career Club", kind="club")
    session.add(program)
    session.flush()
    cohort = Cohort(organization_id=organization.id, program_id=program.id, name="All 500")
    session.add(cohort)
    session.flush()
    program_id, cohort_id = program.id, cohort.id
    ids = _youth(organization.id, today, now)
    session.execute(
        insert(Enrollment),
        [{"youth_id": y, "cohort_id": cohort_id, "created_dt": now} for y in ids],
    )

    clusters = list(session.scalars(select(CareerCluster.id).order_by(CareerCluster.id)))
    types = [t.slug for t in experiences.types if not t.is_work_based]
    activity_ids = _insert_ids(
        Activity,
        [
            {
                "organization_id": organization.id,
                "program_id": program_id,
                "cohort_id": cohort_id,
                "type_slug": types[i % len(types)],
                "title": f"Activity {i + 1}",
                "activity_date": today - timedelta(days=5 + i * 6),
                "minutes": 60,
                "created_dt": now,
                "updated_dt": now,
            }
            for i in range(ACTIVITIES)
        ],
    )
    session.execute(
        insert(ActivityCluster),
        [
            {"activity_id": a, "cluster_id": clusters[(i * 7 + k * 13) % len(clusters)]}
            for i, a in enumerate(activity_ids)
            for k in range(1 + i % 2)
        ],
    )
    attended = {
        youth_id: [activity_ids[(i + k * 4) % ACTIVITIES] for k in range(ATTENDED)]
        for i, youth_id in enumerate(ids)
    }
    session.execute(
        insert(Participation),
        [
            {"activity_id": a, "youth_id": y, "minutes": 60, "source": "roster", "created_dt": now}
            for y, activities in attended.items()
            for a in activities
        ],
    )
    session.execute(
        insert(Reflection),
        [
            {
                "youth_id": y,
                "activity_id": activities[k],
                "prompt_id": f"bench.{k}",
                "prompt_text": "What did you learn?",
                "when": "pre" if k % 2 else "post",
                "answer": "How engineers test things before they build them.",
                "is_shared_with_family": k < 2,
                "created_dt": now,
                "updated_dt": now,
            }
            for y, activities in attended.items()
            for k in range(REFLECTIONS)
        ],
    )
    instruments = dict(session.execute(select(Instrument.kind, Instrument.id)).all())
    session.execute(
        insert(AssessmentAttempt),
        [
            {"youth_id": y, "instrument_id": instruments[kind], "status": "completed",
             "source": "online", "started_dt": now, "completed_dt": now}
            for i, y in enumerate(ids)
            for kind in (("riasec", "skills") if i % 2 else ("riasec",))
        ],
    )  # fmt: skip
    occupations = list(session.scalars(select(Occupation.id).order_by(Occupation.id).limit(50)))
    session.execute(
        insert(FavoriteOccupation),
        [
            {"youth_id": y, "occupation_id": occupations[(i + k) % len(occupations)],
             "created_dt": now}
            for i, y in enumerate(ids)
            for k in range(FAVORITES)
        ],
    )  # fmt: skip
    evidence_ids = _insert_ids(
        Evidence,
        [
            {"organization_id": organization.id, "youth_id": y, "kind": "text",
             "title": "What I did", "status": "verified", "reviewed_dt": now,
             "created_dt": now, "updated_dt": now}
            for y in ids
            for _k in range(2)
        ],
    )  # fmt: skip
    session.execute(
        insert(EvidenceSkill),
        [
            {"evidence_id": e, "skill_slug": skill, "level": 1 + (i + k) % 4}
            for i, e in enumerate(evidence_ids)
            for k, skill in enumerate((DURABLE[i % len(DURABLE)], STEM[i % len(STEM)]))
        ],
    )
    high = [y for i, y in enumerate(ids) if 6 + i % 7 >= 9]
    placement_ids = _insert_ids(
        Placement,
        [
            {"organization_id": organization.id, "youth_id": y, "type_slug": "internship",
             "title": "Summer intern", "supervisor_name": "Pat",
             "start_date": today - timedelta(days=120),
             "end_date": today - timedelta(days=30), "status": "completed",
             "created_dt": now, "updated_dt": now}
            for y in high
        ],
    )  # fmt: skip
    session.execute(
        insert(HoursEntry),
        [
            {"placement_id": p, "youth_id": y, "work_date": today - timedelta(days=110 - k * 7),
             "minutes": 120, "description": "Tested circuit boards.",
             "status": "verified" if k < 8 else "submitted", "created_dt": now, "updated_dt": now}
            for p, y in zip(placement_ids, high, strict=True)
            for k in range(HOURS)
        ],
    )  # fmt: skip
    evaluation_ids = _insert_ids(
        Evaluation,
        [
            {"placement_id": p, "youth_id": y, "token_hash": uuid.uuid4().hex + uuid.uuid4().hex,
             "expires_dt": now, "status": "submitted", "submitted_dt": now, "created_dt": now}
            for p, y in zip(placement_ids, high, strict=True)
        ],
    )  # fmt: skip
    session.execute(
        insert(EvaluationRating),
        [
            {"evaluation_id": e, "skill_slug": skill, "level": 2 + (i + k) % 3}
            for i, e in enumerate(evaluation_ids)
            for k, skill in enumerate(DURABLE[:3])
        ],
    )
    session.commit()  # the badge rules run on this commit when the badges feature is wired
    counts = {
        "participations": len(ids) * ATTENDED,
        "reflections": len(ids) * REFLECTIONS,
        "placements": len(placement_ids),
        "hours": len(placement_ids) * HOURS,
        "evidence": len(evidence_ids),
        "clusters": len(clusters),
    }
    return Dataset(organization.id, ids, rich_id=high[0], counts=counts)


def log_bulk_activity(data: Dataset) -> float:
    """One more activity for the whole cohort (one INSERT of 500 attendance rows), committed;
    returns the seconds it took (including any badge re-evaluation on commit)."""
    session, now = db.session, utcnow()
    clock = time.perf_counter()
    program_id, cohort_id = session.execute(
        select(Activity.program_id, Activity.cohort_id).limit(1)
    ).one()
    activity_id = _insert_ids(
        Activity,
        [{"organization_id": data.organization_id, "program_id": program_id,
          "cohort_id": cohort_id, "type_slug": "workplace_tour", "title": "Bulk tour",
          "activity_date": date.today() - timedelta(days=1), "minutes": 90,
          "created_dt": now, "updated_dt": now}],
    )[0]  # fmt: skip
    session.execute(
        insert(Participation),
        [
            {"activity_id": activity_id, "youth_id": y, "minutes": 90, "source": "roster",
             "created_dt": now}
            for y in data.cohort_ids
        ],
    )  # fmt: skip
    session.commit()
    return time.perf_counter() - clock


# --- timing -------------------------------------------------------------------------------


@dataclass
class Result(benchkit.Percentiles):
    key: str
    label: str
    target_ms: float | None
    times_ms: list[float] = field(default_factory=list)
    sql: int = 0
    note: str = ""

    @property
    def met(self) -> bool:
        return self.target_ms is None or self.p95 < self.target_ms


def _time(func: Callable[[], object], rounds: int, warmup: int, limit_s: float) -> list[float]:
    for _ in range(warmup):
        func()
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < rounds and (len(times) < 5 or time.perf_counter() - started < limit_s):
        clock = time.perf_counter()
        func()
        times.append((time.perf_counter() - clock) * 1000)
    return times


def _statements(engine: Any, func: Callable[[], object]) -> int:
    with StatementCounter(engine) as counter:
        func()
    return counter.count


def measure(
    data: Dataset,
    recognition: RecognitionCatalog,
    experiences: ExperienceCatalog,
    args: argparse.Namespace,
) -> list[Result]:
    engine, today = db.engine, date.today()
    facts_all = load_facts(db.session, data.cohort_ids, experiences, today)
    db.session.remove()
    rich = facts_all[data.rich_id]
    empty = replace(
        rich, assessments={}, experiences={}, clusters=frozenset(), verified_minutes={},
        placements_completed={}, skill_levels={}, reflections={}, reflections_shared=0,
        favorites=0, badges=frozenset(),
    )  # fmt: skip
    results = []
    for key, label, facts in (
        ("one_rich", "Every rule, one youth (grade 9, a full record)", rich),
        ("one_empty", "Every rule, one youth (an empty record)", empty),
    ):
        times = _time(lambda f=facts: evaluate_everything(recognition, experiences, f),
                      args.rounds, args.warmup, args.time_limit)  # fmt: skip
        results.append(Result(key, label, ONE_TARGET_MS, times, 0))

    def load_and_evaluate() -> None:
        facts = load_facts(db.session, [data.rich_id], experiences, today)[data.rich_id]
        evaluate_everything(recognition, experiences, facts)
        db.session.remove()

    times = _time(load_and_evaluate, args.rounds // 4, args.warmup, args.time_limit)
    results.append(
        Result("load_one", "Load one youth's facts + every rule", None, times,
               _statements(engine, load_and_evaluate))
    )  # fmt: skip

    def cohort() -> None:
        facts = load_facts(db.session, data.cohort_ids, experiences, today)
        cohort_verdicts(recognition, facts)
        db.session.remove()

    times = _time(cohort, args.cohort_rounds, 2, args.time_limit)
    results.append(
        Result("cohort", f"Load {COHORT} youth's facts + every rule (after a bulk activity)",
               COHORT_TARGET_MS, times, _statements(engine, cohort))
    )  # fmt: skip

    def cohort_facts() -> None:
        load_facts(db.session, data.cohort_ids, experiences, today)
        db.session.remove()

    times = _time(cohort_facts, args.cohort_rounds, 2, args.time_limit)
    results.append(
        Result("cohort_facts", f"… of which loading the {COHORT} youth's facts", None, times,
               _statements(engine, cohort_facts))
    )  # fmt: skip
    facts_all = load_facts(db.session, data.cohort_ids, experiences, today)
    db.session.remove()
    times = _time(lambda: cohort_verdicts(recognition, facts_all), args.cohort_rounds, 2,
                  args.time_limit)  # fmt: skip
    results.append(
        Result("cohort_rules", f"… of which every rule for the {COHORT} youth", None, times, 0)
    )
    return results


# --- reporting ----------------------------------------------------------------------------


@dataclass
class Report:
    database: Database
    data: Dataset
    results: list[Result]
    command: str
    started: datetime
    setup_seconds: float
    bulk_seconds: float
    load: tuple[float, float]
    rules: dict[str, int]
    ready: int

    @property
    def met(self) -> bool:
        return all(r.met for r in self.results)


def table(report: Report) -> str:
    lines = [
        "| Work | n | p50 ms | p95 ms | SQL | Target |",
        "|---|--:|--:|--:|--:|:-:|",
    ]
    for r in report.results:
        goal = "—"
        if r.target_ms is not None:
            goal = f"p95 < {r.target_ms:g} ms: " + ("met" if r.met else "**not met**")
        lines.append(
            f"| {r.label} | {len(r.times_ms)} | {r.p50:.3f} | {r.p95:.3f} | {r.sql} | {goal} |"
        )
    return "\n".join(lines)


def section(report: Report) -> str:
    title = benchkit.DATABASE_TITLES[report.database.dialect]
    counts, rules = report.data.counts, report.rules
    return "\n".join(
        [
            f"## Rules: {title}",
            "",
            f"- Date: {report.started:%Y-%m-%d %H:%M} UTC",
            f"- Machine: {benchkit.machine(report.load)}",
            f"- Database: {report.database.description}",
            f"- Content: {rules['milestones']} milestones, {rules['readiness']} readiness rules, "
            f"{rules['badges']} badges with a rule (of {rules['all_badges']})",
            f"- Data: 1 organization; a cohort of {COHORT} youth in grades 6–12, each having "
            f"attended {ATTENDED} of {ACTIVITIES} activities ({counts['participations']:,} "
            f"attendance rows, 1–2 of {counts['clusters']} clusters each), "
            f"{counts['reflections']:,} reflections, 1–2 finished assessments, "
            f"{FAVORITES} saved careers and 2 verified pieces of evidence each; "
            f"{counts['placements']} high-schoolers with a completed internship "
            f"({counts['hours']:,} hours entries) and a supervisor evaluation (built in "
            f"{report.setup_seconds:.1f} s); then one bulk activity for all {COHORT} (one "
            f"INSERT, committed in {report.bulk_seconds * 1000:.0f} ms with the badge rules the "
            f"app runs on commit; {counts['awards']:,} badges awarded by the rules by then)",
            f"- Command: `{report.command}`",
            "",
            table(report),
            "",
            f"- Readiness: {report.ready} of {COHORT} youth ready for their next stage.",
            "- " + ("Every target met." if report.met else "**A target was missed.**"),
            "",
        ]
    )


HEADER = """# Rules benchmarks

`benchmarks/rules.py` builds a fresh app and database, loads the career catalog and the
instruments from `content/`, fills one organization with bulk inserts (a cohort of 500 youth
with a year of records each), logs one more activity for the whole cohort, and times in-process:

* every rule for one youth whose facts are loaded — every milestone with its steps, the
  readiness rule of the youth's stage, every badge rule with its steps (what a progress or
  badge page needs), for a youth with a full record and one with nothing;
* loading one youth's facts (`progress.facts.load_facts`) and evaluating every rule;
* re-evaluating the cohort after the bulk activity: facts for the 500 youth, then for each the
  milestones met, their readiness and the badges newly earned (verdicts, no steps), and the
  two halves on their own.

Targets (issue 5): every rule for one youth under 5 ms, the 500-youth cohort under 1 s (95th
percentile; the script exits non-zero when one is missed). On PostgreSQL the script runs
`ANALYZE` after loading the data, as autovacuum would.

    .venv/bin/python benchmarks/rules.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/rules.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md

Each run with `--write` replaces its own database's part of this section and leaves the rest
of the file alone.
"""


def write_markdown(path: Path, report: Report) -> None:
    benchkit.replace_section(
        path,
        (SECTION_BEGIN, SECTION_END),
        MARKER,
        report.database.dialect,
        section(report),
        heading="## Rules: ",
        header=HEADER,
    )


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    benchkit.add_database_argument(parser)
    parser.add_argument("--rounds", type=int, default=2000, help="timed rounds for one youth")
    parser.add_argument("--cohort-rounds", type=int, default=20, help="timed cohort rounds")
    parser.add_argument("--warmup", type=int, default=20, help="untimed rounds first")
    parser.add_argument(
        "--time-limit", type=float, default=30.0, help="stop a measurement after this many seconds"
    )
    parser.add_argument("--write", type=Path, help="write or update this Markdown file")
    args = parser.parse_args(argv)
    if args.rounds < 20 or args.cohort_rounds < 5:
        parser.error("time at least 20 rounds for one youth and 5 for the cohort")
    return args


def run(args: argparse.Namespace) -> Report:
    started = datetime.now(UTC)
    database = benchkit.open_database(args.database_url, name="rules", schema=PG_SCHEMA)
    try:
        clock = time.perf_counter()
        app = benchkit.build_app(database)
        root = str(app.config["CONTENT_PATH"])
        experiences, recognition = experience_catalog(root), recognition_catalog(root)
        with app.app_context():
            data = build_data(experiences)
            benchkit.analyze(db.engine, [t.name for t in db.metadata.sorted_tables])
            setup_seconds = time.perf_counter() - clock
            bulk_seconds = log_bulk_activity(data)
            data.counts["awards"] = (
                db.session.scalar(select(func.count()).select_from(BadgeAward)) or 0
            )
            benchkit.analyze(db.engine, ["participation", "activity", "badge_award"])
            db.session.remove()
            load_before = benchkit.load_average()
            results = measure(data, recognition, experiences, args)
            load = (load_before, benchkit.load_average())
            facts = load_facts(db.session, data.cohort_ids, experiences, date.today())
            ready = cohort_verdicts(recognition, facts)
            db.session.remove()
            db.engine.dispose()
        for r in results:
            print(f"  {r.label:<64} p50 {r.p50:8.3f} ms  p95 {r.p95:8.3f} ms  SQL {r.sql}",
                  file=sys.stderr)  # fmt: skip
    finally:
        database.cleanup()
    rules = {
        "milestones": len(recognition.milestones),
        "readiness": len(recognition.readiness),
        "badges": sum(1 for b in recognition.badges if b.rule is not None),
        "all_badges": len(recognition.badges),
    }
    return Report(database, data, results, benchkit.command(), started, setup_seconds,
                  bulk_seconds, load, rules, ready)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    print(section(report))
    if args.write:
        write_markdown(args.write, report)
        print(f"wrote {args.write}", file=sys.stderr)
    return 0 if report.met else 1


if __name__ == "__main__":
    sys.exit(main())
