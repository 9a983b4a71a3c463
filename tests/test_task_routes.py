"""Each kind of work has its own Celery queue, and a worker started without -Q takes them all."""

from __future__ import annotations

from django.conf import settings

from config.celery_app import app

KINDS = ["celery", "costing", "rollups", "rating", "simulations", "webhooks", "stripe"]


def queue_of(task_name: str) -> str:
    route = app.amqp.router.route({}, task_name)
    return str(route["queue"].name)


def test_every_task_goes_to_the_queue_of_its_kind() -> None:
    app.loader.import_default_modules()
    names = sorted(name for name in app.tasks if not name.startswith("celery."))
    assert {name: queue_of(name) for name in names} == {
        "config.ping": "celery",
        "economics.alerts_evaluate": "celery",
        "economics.alerts_evaluate_all": "celery",
        "economics.changes_process": "costing",
        "economics.crossing_evaluate": "simulations",
        "economics.crossing_evaluate_all": "celery",
        "economics.events_retire": "celery",
        "economics.pending_process": "costing",
        "economics.pipeline_sweep": "celery",
        "economics.recalculations_sweep": "celery",
        "economics.rollups_refresh": "rollups",
        "economics.run_cost_recalculation": "costing",
        "economics.simulation_chunk": "simulations",
        "economics.simulations_sweep": "celery",
        "economics.stripe_alerts_raise": "celery",
        "economics.tasks.simulation_run": "simulations",
        "economics.tasks.what_if_run": "simulations",
        "economics.what_ifs_sweep": "celery",
        "economics.what_if_chunk": "simulations",
        "economics.webhook_deliver": "webhooks",
        "economics.webhooks_deliver_due": "webhooks",
        "metering.event_partitions_ensure": "celery",
        "pricing.authorizations_expire": "celery",
        "pricing.finalize_due_invoices": "rating",
        "pricing.finalize_invoice": "rating",
        "stripe.customers_sync_all": "stripe",
        "stripe.event_handle": "stripe",
        "stripe.events_handle_due": "stripe",
        "stripe.outbox_drain": "stripe",
        "stripe.outbox_drain_all": "stripe",
        "stripe.reconcile": "stripe",
        "stripe.reconcile_all": "stripe",
        "stripe.usage_sync": "stripe",
        "stripe.usage_sync_all": "stripe",
    }


def test_a_worker_started_without_queues_consumes_every_kind() -> None:
    # What `celery -A config worker` (no -Q) consumes: every declared queue.
    assert sorted(app.amqp.queues) == sorted(KINDS)
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed <= set(KINDS)
