"""Models of the economics app."""

from economics.costbook_models import (  # noqa: F401  (the cost book, registered here for Django)
    CostRecalculation,
    FixedCost,
    GpuRate,
    ModelPrice,
    ServiceRate,
)
from economics.margin_models import (  # noqa: F401  (registered here for Django)
    AcquisitionCost,
    Alert,
    ClassDay,
    ClassHour,
    CostSlo,
    CustomerBaseRow,
    CustomerClassTotal,
    DirtyBucket,
    EventBatchMark,
    RevenueMonth,
    RollupDay,
    RollupHour,
    WebhookDelivery,
    WebhookEndpoint,
)
from economics.simulation_models import Simulation  # noqa: F401
