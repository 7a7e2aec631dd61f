"""`iro init`, `iro demo`, `iro list` and `iro check`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from sqlalchemy import select

from ..services.caseload import load_caseload
from ..services.profile import PROFILE_FIELDS, IroDetails, set_iro_details, update_profile
from ..store import Store
from ..store.file_check import StoreCheck, check_store_file
from ..store.models import Child, Iro, Review, not_deleted
from .common import (
    CliError,
    add_store_argument,
    ask_passphrase,
    guarded_passphrase,
    interactive,
    open_store,
    open_store_at,
    store_path,
)

PROMPTED_PROFILE = (
    ("local_authority", "Local authority"),
    ("service_phone", "IRO service phone"),
    ("service_email", "IRO service email"),
    ("advocacy_name", "Independent advocacy service"),
    ("advocacy_phone", "Advocacy service phone"),
    ("complaints_name", "Complaints unit"),
    ("complaints_phone", "Complaints unit phone"),
    ("complaints_email", "Complaints unit email"),
)


def register(sub: Any) -> None:
    init = sub.add_parser("init", help="create a new encrypted store")
    add_store_argument(init)
    init.add_argument("--iro-name", help="your name, as it appears on minutes")
    init.add_argument("--iro-email", default="")
    init.add_argument("--iro-phone", default="")
    for field in PROFILE_FIELDS:
        if field.endswith("_days") or field == "template_path":
            continue
        init.add_argument(f"--{field.replace('_', '-')}", dest=f"profile_{field}", default=None)
    init.set_defaults(handler=run_init)

    demo = sub.add_parser("demo", help="fill a store with fictional children for training")
    add_store_argument(demo)
    demo.add_argument("--children", type=int, default=75)
    demo.add_argument("--years", type=int, default=3)
    demo.add_argument("--iros", type=int, default=1)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=run_demo)

    listing = sub.add_parser("list", help="list children or reviews (ids for scripts)")
    listing.add_argument("what", choices=("children", "reviews"))
    add_store_argument(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument(
        "--all", action="store_true", help="include children whose period of care has ended"
    )
    listing.set_defaults(handler=run_list)

    check = sub.add_parser(
        "check",
        help="check the store for damage (key file, SQLCipher page HMACs, SQLite structure, "
        "links) and its schema version; exits 1 if damaged",
    )
    add_store_argument(check)
    check.set_defaults(handler=run_check)


def run_init(args: argparse.Namespace) -> int:
    path = store_path(args)
    passphrase = ask_passphrase(confirm=True)
    profile = {
        key[len("profile_") :]: value
        for key, value in vars(args).items()
        if key.startswith("profile_") and value is not None
    }
    iro_name = args.iro_name
    if interactive():
        if not iro_name:
            iro_name = input("Your name (as on minutes): ").strip()
        for field, prompt in PROMPTED_PROFILE:
            if field not in profile:
                profile[field] = input(f"{prompt}: ").strip()
    store = Store.create(path, passphrase)
    with store:
        set_iro_details(
            store,
            IroDetails(
                name=iro_name or "Independent Reviewing Officer",
                email=args.iro_email,
                phone=args.iro_phone,
            ),
        )
        update_profile(store, profile)
    print(f"Created an encrypted store at {path}")
    print(f"Keep {path.name}.key beside it: the store cannot be opened without it.")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from ..services.demo_data import generate_demo

    if args.children < 1 or args.years < 1 or args.iros < 1:
        raise CliError("--children, --years and --iros must be at least 1")
    path = store_path(args)
    if path.exists():
        store = open_store_at(path)
    else:
        store = Store.create(path, ask_passphrase(confirm=True))
    with store:
        with store.read_session() as session:
            occupied = session.scalar(select(Child.id).limit(1)) is not None or (
                session.scalar(select(Iro.id).limit(1)) is not None
            )
        if occupied:
            raise CliError(
                f"{path.name} is not empty (it has children or IRO details); demo data goes "
                "in a new store: give --store with a new file name"
            )

        def progress(done: int, total: int, what: str) -> None:
            if sys.stderr.isatty():
                print(f"\r{what}: {done}/{total}   ", end="", file=sys.stderr, flush=True)

        try:
            summary = generate_demo(
                store,
                children=args.children,
                years=args.years,
                iros=args.iros,
                seed=args.seed,
                progress=progress,
            )
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Demo store {path}: {args.children} fictional children looked after now "
        f"({summary.children} in all over {args.years} years, with those who left care), "
        f"{summary.reviews} reviews, {summary.audits} audits, {summary.challenges} challenges, "
        f"{summary.iros} IRO(s)"
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        items = _children(store, args.all) if args.what == "children" else _reviews(store)
    if args.json:
        print(json.dumps(items, indent=2))
        return 0
    for item in items:
        print("  ".join(str(v) if v is not None else "-" for v in item.values()))
    return 0


def _children(store: Store, include_ended: bool) -> list[dict[str, Any]]:
    today = date.today()
    return [
        {
            "id": row.child_id,
            "local_id": row.local_id,
            "name": row.name,
            "date_of_birth": row.date_of_birth.isoformat(),
            "looked_after_from": _iso(row.looked_after_from),
            "last_review": _iso(row.last_review),
            "next_review_due": _iso(row.next_due),
            "status": row.status.value,
        }
        for row in sorted(
            load_caseload(store, today, include_ended=include_ended),
            key=lambda r: (r.name.casefold(), r.local_id),
        )
    ]


def _reviews(store: Store) -> list[dict[str, Any]]:
    with store.session() as session:
        rows = session.execute(
            select(
                Review.id,
                Child.local_id,
                Child.first_name,
                Child.last_name,
                Review.number,
                Review.meeting_date,
                Review.due_date,
                Review.status,
                Review.in_time,
            )
            .join(Child, Child.id == Review.child_id)
            .where(not_deleted(Review), not_deleted(Child))
            .order_by(Review.meeting_date, Child.local_id)
        ).all()
    return [
        {
            "id": rid,
            "child_local_id": local_id,
            "child_name": f"{first} {last}",
            "number": number,
            "date": _iso(held),
            "due": _iso(due),
            "status": status,
            "in_time": in_time,
        }
        for rid, local_id, first, last, number, held, due, status, in_time in rows
    ]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def run_check(args: argparse.Namespace) -> int:
    """Every check, each named, on stdout; damage also as one line on stderr and exit 1."""
    path = store_path(args)
    with guarded_passphrase(path) as passphrase:
        result = check_store_file(path, passphrase)
    print(f"Store: {path}")
    for line in (r.line() for r in result.report.results):
        print(f"  {line}")
    if result.schema is None:
        print("Schema: cannot be read")
    else:
        print(
            f"Schema: {result.schema.current} (latest {result.schema.head})"
            + ("" if result.schema.is_current else " - needs upgrading")
        )
    if not result.damaged:
        print("Integrity: ok (key file, encryption HMACs, database structure and links)")
        return 0
    print("Integrity: PROBLEMS FOUND")
    print(_what_next(result))
    failed = ", ".join(result.report.failed_checks())
    raise CliError(f"{path.name} is damaged: failed {failed} (details above)")


def _what_next(result: StoreCheck) -> str:
    if result.newest_backup is None:
        return (
            "There is no backup of this store in the backups folder. Copy the store and its "
            "key file somewhere safe and ask IT support for help."
        )
    return (
        f"Newest backup: {result.newest_backup.describe()}. To put it back: "
        f'iro restore "{result.newest_backup.path}" --store "{result.path}"'
    )
