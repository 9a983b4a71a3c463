"""Models of the economics app, one module per domain, registered here for Django."""

from economics.alerts.models import (  # noqa: F401
    Alert,
    CostSlo,
    WebhookDelivery,
    WebhookEndpoint,
)
from economics.costs.models import (  # noqa: F401
    CostRecalculation,
    FixedCost,
    GpuRate,
    ModelPrice,
    ServiceRate,
)
from economics.decisions.models import WhatIf, WhatIfChunk  # noqa: F401
from economics.margins.models import (  # noqa: F401
    AcquisitionCost,
    ClassDay,
    ClassHour,
    CustomerBaseRow,
    CustomerClassTotal,
    DirtyBucket,
    RevenueMonth,
    RevenueSync,
    RollupDay,
    RollupHour,
)
from economics.simulations.models import Simulation  # noqa: F401
