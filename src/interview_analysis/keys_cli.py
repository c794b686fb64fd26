"""``python -m interview_analysis keys create|revoke|list``: API keys for the frontend's backends."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from interview_analysis.config import Settings
from interview_analysis.storage.factory import make_key_repository
from interview_analysis.storage.keys import ANY_USER, ApiKey, new_secret
from interview_analysis.storage.models import utcnow


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = commands.add_parser("keys", help="create, revoke and list API keys")
    actions = keys.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="print a new key once; only its hash is stored")
    create.add_argument("--tenant", required=True, help="the tenant (a frontend backend) the key belongs to")
    create.add_argument("--users", default=ANY_USER, help="comma-separated user_ids it may act for (default: all)")
    create.add_argument("--name", default="", help="a label for people")
    revoke = actions.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id")
    actions.add_parser("list", help="list keys (never their secrets)")


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    repo = make_key_repository(settings)  # the store every API node reads: MariaDB when configured
    await repo.open()
    try:
        if args.action == "create":
            key_id, full_key, secret_hash = new_secret()
            users = [u.strip() for u in args.users.split(",") if u.strip()] or [ANY_USER]
            await repo.add(
                ApiKey(
                    key_id=key_id,
                    tenant_id=args.tenant,
                    user_ids=users,
                    name=args.name,
                    secret_hash=secret_hash,
                    created_at=utcnow(),
                )
            )
            print(json.dumps({"key_id": key_id, "api_key": full_key, "tenant": args.tenant, "users": users}))
            print("Store this key now: it cannot be shown again.", file=sys.stderr)
            return 0
        if args.action == "revoke":
            if await repo.revoke(args.key_id):
                print(f"revoked {args.key_id}")
                return 0
            print(f"no active key {args.key_id}", file=sys.stderr)
            return 1
        for key in await repo.all():
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            print(f"{key.key_id}\t{key.tenant_id}\t{','.join(key.user_ids)}\t{state}\t{key.name}")
        return 0
    finally:
        await repo.close()


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_run(args, Settings()))
