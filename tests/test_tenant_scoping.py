"""Tenant scoping is mechanical: a query of a tenant-owned model names its tenant.

The application code is walked with `ast`. A query of a tenant-owned model (any model with a
`tenant` field, read from Django's app registry) must start with `Model.objects.of(tenant)`, or
with `Model.objects.cross_tenant(reason="...")` and a literal reason at the call site. A public
function that takes a tenant (services, selectors, reports) takes `tenant: Tenant` as its first
keyword-only argument, never a tenant id; Celery tasks are the exception by design (they receive
ids as strings and load the Tenant). Other exceptions are listed below, each with its reason, and
an entry that no longer matches anything fails too, so the lists only shrink.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from metering.audit import Actor
from metering.models import Customer, Tenant
from metering.services import tenant_create
from metering.tenancy import TenantManager, TenantOwnedModel

ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGES = ("config", "metering", "pricing", "economics")
MANAGERS = {"objects", "_default_manager", "_base_manager"}

# What may follow `<TenantOwnedModel>.objects`, and why it is scoped.
SCOPED_ENTRY_POINTS = {
    "of": "the rows of one tenant",
    "cross_tenant": "every tenant's rows, with the reason at the call site",
    "create": "a write that names its tenant, not a query",
    "bulk_create": "a write of instances that name their tenant, not a query",
    "catalog": "ModelPrice only: the shipped catalog, rows that no tenant owns",
}

# Files whose queries and signatures are left as they are, with the reason.
FILES_ALLOWED: dict[str, str] = {
    "metering/tenancy.py": "defines of() and cross_tenant(); its manager passes the caller's reason on",
}

# "path::function" of public functions whose tenant argument breaks the rule, with the reason.
FUNCTIONS_ALLOWED: dict[str, str] = {
    "pricing/stripe/webhooks.py::webhook_receive": (
        "Stripe calls a URL naming the tenant; the signature, checked with that tenant's "
        "secret, is what authenticates it"
    ),
    "economics/costs/services/prices.py::model_prices_import_litellm": (
        "tenant None imports into the shipped catalog, which no tenant owns"
    ),
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def tenant_owned_models() -> list[type[models.Model]]:
    """Every installed model with a `tenant` field: a new model is covered automatically."""
    return [
        model
        for model in apps.get_models()
        if any(field.name == "tenant" for field in model._meta.get_fields())
    ]


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _model_names(tree: ast.AST, models: set[str]) -> dict[str, str]:
    """Local name -> model name, following `import ... as ...` aliases."""
    names = {name: name for name in models}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in models and alias.asname:
                    names[alias.asname] = alias.name
    return names


def _literal_reason(call: ast.Call) -> bool:
    for keyword in call.keywords:
        if keyword.arg == "reason":
            value = keyword.value
            return (
                isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and bool(value.value.strip())
            )
    return False


def unscoped_queries(source: str, path: str, models: set[str]) -> list[Finding]:
    """Return each use of a tenant-owned model's manager that does not start scoped."""
    tree = ast.parse(source)
    parents = _parents(tree)
    names = _model_names(tree, models)
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "cross_tenant" and not _literal_reason(node):
                findings.append(
                    Finding(path, node.lineno, "cross_tenant() without a literal reason")
                )
        if not (isinstance(node, ast.Attribute) and node.attr in MANAGERS):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in names:
            model = names[owner.id]
        elif isinstance(owner, ast.Attribute) and owner.attr in models:
            model = owner.attr  # module.Model.objects
        else:
            continue
        parent = parents.get(node)
        method = parent.attr if isinstance(parent, ast.Attribute) else None
        if method in SCOPED_ENTRY_POINTS:
            continue
        what = f"{model}.{node.attr}" + (f".{method}" if method else "")
        findings.append(Finding(path, node.lineno, what))
    return findings


def tenant_argument_violations(source: str, path: str) -> list[Finding]:
    """Return public functions that take a tenant other than as `*, tenant: Tenant, ...`."""
    findings = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        keyword_only = args.kwonlyargs
        names = positional + [a.arg for a in keyword_only]
        where = f"{path}::{node.name}"
        if "tenant_id" in names:
            findings.append(Finding(path, node.lineno, f"{where} takes a tenant id"))
        elif "tenant" in names:
            first = keyword_only[0] if keyword_only else None
            typed = (
                first is not None
                and first.arg == "tenant"
                and isinstance(first.annotation, ast.Name)
                and first.annotation.id == "Tenant"
            )
            if not typed:
                findings.append(
                    Finding(path, node.lineno, f"{where} needs `*, tenant: Tenant` first")
                )
    return findings


def application_files() -> list[Path]:
    files = []
    for package in APP_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                files.append(path)
    return files


def scan() -> tuple[list[Finding], list[Finding]]:
    models = {model.__name__ for model in tenant_owned_models()}
    queries, arguments = [], []
    for path in application_files():
        relative = path.relative_to(ROOT).as_posix()
        source = path.read_text(encoding="utf-8")
        queries.extend(unscoped_queries(source, relative, models))
        if path.name != "tasks.py":
            arguments.extend(tenant_argument_violations(source, relative))
    return queries, arguments


QUERIES, ARGUMENTS = scan()


def test_the_tenant_owned_models_come_from_the_registry_and_all_scope() -> None:
    owned = tenant_owned_models()
    names = {model.__name__ for model in owned}
    assert {"ApiKey", "UsageEvent", "Plan", "Invoice", "ModelPrice", "RollupDay"} <= names
    assert {"Simulation", "Alert", "WebhookDelivery", "CustomerBaseRow"} <= names
    assert "Tenant" not in names
    for model in owned:
        assert issubclass(model, TenantOwnedModel), model
        assert isinstance(model._default_manager, TenantManager), model


def _function(finding: Finding) -> str:
    return finding.what.split(" ")[0]


def test_every_query_of_a_tenant_owned_model_starts_scoped() -> None:
    unexpected = [f for f in QUERIES if f.path not in FILES_ALLOWED]
    assert unexpected == [], "\n".join(
        ["Scope these with .of(tenant) or .cross_tenant(reason=...):", *map(str, unexpected)]
    )


def test_functions_that_take_a_tenant_take_it_first() -> None:
    unexpected = [
        f
        for f in ARGUMENTS
        if f.path not in FILES_ALLOWED and _function(f) not in FUNCTIONS_ALLOWED
    ]
    assert unexpected == [], "\n".join(map(str, unexpected))


def test_every_exception_is_still_needed() -> None:
    found = {f.path for f in QUERIES + ARGUMENTS}
    assert sorted(set(FILES_ALLOWED) - found) == []
    assert sorted(set(FUNCTIONS_ALLOWED) - {_function(f) for f in ARGUMENTS}) == []


MODELS = {"UsageEvent", "Customer", "ModelPrice"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("UsageEvent.objects.filter(tenant=t)", ["UsageEvent.objects.filter"]),
        ("UsageEvent.objects.get(pk=1)", ["UsageEvent.objects.get"]),
        ("Customer.objects.select_for_update().get(pk=1)", ["Customer.objects.select_for_update"]),
        ("UsageEvent._default_manager.all()", ["UsageEvent._default_manager.all"]),
        ("manager = Customer.objects", ["Customer.objects"]),
        (
            "from metering.models import UsageEvent as Event\nEvent.objects.count()",
            ["UsageEvent.objects.count"],
        ),
        ("metering.models.Customer.objects.all()", ["Customer.objects.all"]),
        ("Customer.objects.cross_tenant(reason=why)", ["cross_tenant() without a literal reason"]),
        ("Customer.objects.cross_tenant()", ["cross_tenant() without a literal reason"]),
        ("Customer.objects.cross_tenant(reason='  ')", ["cross_tenant() without a literal reason"]),
        ("UsageEvent.objects.of(t).filter(pk=1)", []),
        ("Customer.objects.cross_tenant(reason='beat: every tenant').count()", []),
        ("Customer.objects.create(tenant=t, external_id='c')", []),
        ("UsageEvent.objects.bulk_create(rows)", []),
        ("ModelPrice.objects.of(t) | ModelPrice.objects.catalog()", []),
        ("Tenant.objects.get(pk=1)", []),  # not tenant-owned
    ],
)
def test_the_checker_reports_an_unscoped_query(source: str, expected: list[str]) -> None:
    assert [f.what for f in unscoped_queries(source, "x.py", MODELS)] == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def event_get(*, tenant: Tenant, event_id: str): ...", []),
        ("def event_get(*, tenant_id: UUID): ...", ["x.py::event_get takes a tenant id"]),
        ("def event_get(tenant: Tenant): ...", ["x.py::event_get needs `*, tenant: Tenant` first"]),
        (
            "def event_get(*, event_id: str, tenant: Tenant): ...",
            ["x.py::event_get needs `*, tenant: Tenant` first"],
        ),
        (
            "def event_get(*, tenant: Tenant | None): ...",
            ["x.py::event_get needs `*, tenant: Tenant` first"],
        ),
        ("def _helper(tenant, rows): ...", []),  # private helpers are left alone
        ("def hash_key(raw_key: str): ...", []),
    ],
)
def test_the_checker_reports_a_tenant_argument_out_of_place(
    source: str, expected: list[str]
) -> None:
    assert [f.what for f in tenant_argument_violations(source, "x.py")] == expected


@pytest.mark.django_db
def test_of_returns_one_tenants_rows_and_takes_only_a_tenant() -> None:
    owner, _ = tenant_create(name="Owner AI", actor=Actor.system("tests"))
    stranger, _ = tenant_create(name="Stranger AI", actor=Actor.system("tests"))
    mine = Customer.objects.create(tenant=owner, external_id="c-1")
    Customer.objects.create(tenant=stranger, external_id="c-1")
    assert list(Customer.objects.of(owner)) == [mine]
    assert list(Customer.objects.filter(external_id="c-1").of(owner)) == [mine]
    with pytest.raises(TypeError, match="of\\(\\) takes a Tenant, not UUID"):
        Customer.objects.of(owner.pk)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not NoneType"):
        Customer.objects.of(None)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_cross_tenant_needs_a_reason() -> None:
    owner, _ = tenant_create(name="Owner AI", actor=Actor.system("tests"))
    stranger, _ = tenant_create(name="Stranger AI", actor=Actor.system("tests"))
    Customer.objects.create(tenant=owner, external_id="c-1")
    Customer.objects.create(tenant=stranger, external_id="c-2")
    assert Customer.objects.cross_tenant(reason="test: both tenants").count() == 2
    for reason in ("", "   "):
        with pytest.raises(ValueError, match="cross_tenant\\(\\) needs a reason"):
            Customer.objects.cross_tenant(reason=reason)
    assert Tenant.objects.count() == 2
