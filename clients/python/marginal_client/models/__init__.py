"""Contains all the data models used in inputs/outputs"""

from .acquisition_cost_create_input_request import AcquisitionCostCreateInputRequest
from .acquisition_cost_output import AcquisitionCostOutput
from .alert_output import AlertOutput
from .alert_output_kind_enum import AlertOutputKindEnum
from .alerts_list_kind import AlertsListKind
from .api_key_create_input_request import ApiKeyCreateInputRequest
from .api_key_created_output import ApiKeyCreatedOutput
from .api_key_output import ApiKeyOutput
from .at_enum import AtEnum
from .audit_actor_output import AuditActorOutput
from .audit_actor_type_enum import AuditActorTypeEnum
from .audit_entry_output import AuditEntryOutput
from .authorization_output import AuthorizationOutput
from .authorization_settle_input_request import AuthorizationSettleInputRequest
from .authorize_estimate import AuthorizeEstimate
from .authorize_input_request import AuthorizeInputRequest
from .authorize_output import AuthorizeOutput
from .authorize_output_budgets_item import AuthorizeOutputBudgetsItem
from .auto_top_up_input_request import AutoTopUpInputRequest
from .auto_top_up_made import AutoTopUpMade
from .auto_top_up_output import AutoTopUpOutput
from .budget_create_input_request import BudgetCreateInputRequest
from .budget_output import BudgetOutput
from .category_enum import CategoryEnum
from .charge_input_request import ChargeInputRequest
from .charge_output import ChargeOutput
from .class_figures_output import ClassFiguresOutput
from .cohort_month_output import CohortMonthOutput
from .cohort_output import CohortOutput
from .cohort_report_output import CohortReportOutput
from .composite_class_output import CompositeClassOutput
from .composite_event_output import CompositeEventOutput
from .composite_output import CompositeOutput
from .composite_report_output import CompositeReportOutput
from .composite_worst_output import CompositeWorstOutput
from .cost_recalculation_create_input_request import CostRecalculationCreateInputRequest
from .cost_recalculation_output import CostRecalculationOutput
from .cost_recalculation_output_status_enum import CostRecalculationOutputStatusEnum
from .cost_slo_create_input_request import CostSloCreateInputRequest
from .cost_slo_output import CostSloOutput
from .cost_status_enum import CostStatusEnum
from .costs_unpriced_list_status import CostsUnpricedListStatus
from .credit_alert_settings_input_request import CreditAlertSettingsInputRequest
from .credit_alert_settings_output import CreditAlertSettingsOutput
from .credit_balance_output import CreditBalanceOutput
from .credit_entry_output import CreditEntryOutput
from .credit_grant_balance import CreditGrantBalance
from .credit_grant_create_input_request import CreditGrantCreateInputRequest
from .credit_grant_kind_enum import CreditGrantKindEnum
from .credit_grant_output import CreditGrantOutput
from .crossing_blended_output import CrossingBlendedOutput
from .crossing_class_output import CrossingClassOutput
from .crossing_class_output_status_enum import CrossingClassOutputStatusEnum
from .crossing_error_output import CrossingErrorOutput
from .crossing_errors_output import CrossingErrorsOutput
from .crossing_method_output import CrossingMethodOutput
from .crossing_period_output import CrossingPeriodOutput
from .crossing_recent_output import CrossingRecentOutput
from .crossing_report_output import CrossingReportOutput
from .customer_create_input_request import CustomerCreateInputRequest
from .customer_create_input_request_metadata import CustomerCreateInputRequestMetadata
from .customer_economics_output import CustomerEconomicsOutput
from .customer_economics_output_status_enum import CustomerEconomicsOutputStatusEnum
from .customer_output import CustomerOutput
from .customer_output_metadata import CustomerOutputMetadata
from .customer_projection_output import CustomerProjectionOutput
from .customer_read_token_create_input_request import (
    CustomerReadTokenCreateInputRequest,
)
from .customer_read_token_created_output import CustomerReadTokenCreatedOutput
from .customer_read_token_output import CustomerReadTokenOutput
from .customer_read_token_status_enum import CustomerReadTokenStatusEnum
from .customer_read_tokens_revoked_output import CustomerReadTokensRevokedOutput
from .distribution_output import DistributionOutput
from .economics_customers_list_status import EconomicsCustomersListStatus
from .economics_request_classes_group_by import EconomicsRequestClassesGroupBy
from .event_amend_input_request import EventAmendInputRequest
from .event_ingest_output import EventIngestOutput
from .event_verdict import EventVerdict
from .event_verdict_status_enum import EventVerdictStatusEnum
from .event_void_input_request import EventVoidInputRequest
from .expected_usage_request import ExpectedUsageRequest
from .feature_output import FeatureOutput
from .feature_report_output import FeatureReportOutput
from .field_error import FieldError
from .fixed_cost_create_input_request import FixedCostCreateInputRequest
from .fixed_cost_output import FixedCostOutput
from .fixed_cost_utilisation_line import FixedCostUtilisationLine
from .fixed_cost_utilisation_line_by_category import FixedCostUtilisationLineByCategory
from .fixed_cost_utilisation_output import FixedCostUtilisationOutput
from .fixed_costs_list_category import FixedCostsListCategory
from .gpu_rate_create_input_request import GpuRateCreateInputRequest
from .gpu_rate_output import GpuRateOutput
from .grouped_by_enum import GroupedByEnum
from .health_status import HealthStatus
from .health_status_checks import HealthStatusChecks
from .health_status_status_enum import HealthStatusStatusEnum
from .invoice_line_output import InvoiceLineOutput
from .invoice_line_output_kind_enum import InvoiceLineOutputKindEnum
from .invoice_output import InvoiceOutput
from .invoice_preview_output import InvoicePreviewOutput
from .long_context import LongContext
from .long_context_request import LongContextRequest
from .ltv_basis_enum import LtvBasisEnum
from .measure_enum import MeasureEnum
from .metric_enum import MetricEnum
from .mix_blended_output import MixBlendedOutput
from .mix_blended_side_output import MixBlendedSideOutput
from .mix_class_output import MixClassOutput
from .mix_report_output import MixReportOutput
from .mix_side_output import MixSideOutput
from .model_price_create_input_request import ModelPriceCreateInputRequest
from .model_price_import_output import ModelPriceImportOutput
from .model_price_import_output_skipped import ModelPriceImportOutputSkipped
from .model_price_output import ModelPriceOutput
from .model_prices_import_body import ModelPricesImportBody
from .model_prices_import_source import ModelPricesImportSource
from .month_to_date_output import MonthToDateOutput
from .origin_enum import OriginEnum
from .otlp_traces_export_json_body import OtlpTracesExportJsonBody
from .otlp_traces_export_json_body_resource_spans_item import (
    OtlpTracesExportJsonBodyResourceSpansItem,
)
from .otlp_traces_export_json_body_resource_spans_item_resource import (
    OtlpTracesExportJsonBodyResourceSpansItemResource,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItem,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_0 import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType0,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_1 import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType1,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_2 import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType2,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_3 import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType3,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_4 import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType4,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_4_array_value import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType4ArrayValue,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_5 import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType5,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_5_kvlist_value import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType5KvlistValue,
)
from .otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_6 import (
    OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType6,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItem,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_scope import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemScope,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItem,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_0 import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_1 import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_2 import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_3 import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4 import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4_array_value import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4ArrayValue,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5 import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5_kvlist_value import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5KvlistValue,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_6 import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType6,
)
from .otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_status import (
    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemStatus,
)
from .otlp_traces_export_response_200 import OtlpTracesExportResponse200
from .otlp_traces_export_response_200_partial_success import (
    OtlpTracesExportResponse200PartialSuccess,
)
from .outcome_enum import OutcomeEnum
from .paginated_acquisition_cost_list import PaginatedAcquisitionCostList
from .paginated_alert_list import PaginatedAlertList
from .paginated_api_key_list import PaginatedApiKeyList
from .paginated_audit_entry_list import PaginatedAuditEntryList
from .paginated_cost_recalculation_list import PaginatedCostRecalculationList
from .paginated_cost_slo_list import PaginatedCostSloList
from .paginated_customer_economics_list import PaginatedCustomerEconomicsList
from .paginated_customer_list import PaginatedCustomerList
from .paginated_fixed_cost_list import PaginatedFixedCostList
from .paginated_gpu_rate_list import PaginatedGpuRateList
from .paginated_invoice_list import PaginatedInvoiceList
from .paginated_model_price_list import PaginatedModelPriceList
from .paginated_plan_list import PaginatedPlanList
from .paginated_plan_version_list import PaginatedPlanVersionList
from .paginated_service_rate_list import PaginatedServiceRateList
from .paginated_simulation_summary_list import PaginatedSimulationSummaryList
from .paginated_stripe_outbox_list import PaginatedStripeOutboxList
from .paginated_subscription_list import PaginatedSubscriptionList
from .paginated_unpriced_event_list import PaginatedUnpricedEventList
from .paginated_usage_event_list import PaginatedUsageEventList
from .paginated_webhook_delivery_list import PaginatedWebhookDeliveryList
from .paginated_webhook_endpoint_list import PaginatedWebhookEndpointList
from .paginated_what_if_summary_list import PaginatedWhatIfSummaryList
from .patched_customer_update_input_request import PatchedCustomerUpdateInputRequest
from .patched_customer_update_input_request_metadata import (
    PatchedCustomerUpdateInputRequestMetadata,
)
from .patched_fixed_cost_update_input_request import PatchedFixedCostUpdateInputRequest
from .patched_gpu_rate_update_input_request import PatchedGpuRateUpdateInputRequest
from .patched_model_price_update_input_request import (
    PatchedModelPriceUpdateInputRequest,
)
from .patched_plan_version_update_input_request import (
    PatchedPlanVersionUpdateInputRequest,
)
from .patched_service_rate_update_input_request import (
    PatchedServiceRateUpdateInputRequest,
)
from .plan_create_input_request import PlanCreateInputRequest
from .plan_created_output import PlanCreatedOutput
from .plan_output import PlanOutput
from .plan_version_create_input_request import PlanVersionCreateInputRequest
from .plan_version_migrate_input_request import PlanVersionMigrateInputRequest
from .plan_version_migrated_output import PlanVersionMigratedOutput
from .plan_version_output import PlanVersionOutput
from .plan_version_status_enum import PlanVersionStatusEnum
from .plan_version_summary_output import PlanVersionSummaryOutput
from .price_model_enum import PriceModelEnum
from .problem_detail import ProblemDetail
from .reason_enum import ReasonEnum
from .request_class_report_output import RequestClassReportOutput
from .request_class_revenue_output import RequestClassRevenueOutput
from .scopes_enum import ScopesEnum
from .service_rate_create_input_request import ServiceRateCreateInputRequest
from .service_rate_output import ServiceRateOutput
from .set_by_enum import SetByEnum
from .simulation_candidate_input_request import SimulationCandidateInputRequest
from .simulation_class_plan_output import SimulationClassPlanOutput
from .simulation_create_input_request import SimulationCreateInputRequest
from .simulation_customers_input_request import SimulationCustomersInputRequest
from .simulation_customers_output import SimulationCustomersOutput
from .simulation_customers_output_mode_enum import SimulationCustomersOutputModeEnum
from .simulation_mover_output import SimulationMoverOutput
from .simulation_movers_output import SimulationMoversOutput
from .simulation_output import SimulationOutput
from .simulation_plan_output import SimulationPlanOutput
from .simulation_plan_totals_output import SimulationPlanTotalsOutput
from .simulation_request_class_output import SimulationRequestClassOutput
from .simulation_results_output import SimulationResultsOutput
from .simulation_status_enum import SimulationStatusEnum
from .simulation_summary_output import SimulationSummaryOutput
from .simulation_totals_output import SimulationTotalsOutput
from .source_enum import SourceEnum
from .stripe_connection_input_mode_enum import StripeConnectionInputModeEnum
from .stripe_connection_input_request import StripeConnectionInputRequest
from .stripe_connection_output import StripeConnectionOutput
from .stripe_difference_output import StripeDifferenceOutput
from .stripe_difference_output_kind_enum import StripeDifferenceOutputKindEnum
from .stripe_outbox_list_status import StripeOutboxListStatus
from .stripe_outbox_output import StripeOutboxOutput
from .stripe_outbox_output_status_enum import StripeOutboxOutputStatusEnum
from .stripe_preview_charge_output import StripePreviewChargeOutput
from .stripe_preview_item_output import StripePreviewItemOutput
from .stripe_preview_output import StripePreviewOutput
from .stripe_reconciliation_output import StripeReconciliationOutput
from .stripe_webhook_output import StripeWebhookOutput
from .stripe_webhook_receive_body import StripeWebhookReceiveBody
from .subscription_cancel_input_request import SubscriptionCancelInputRequest
from .subscription_change_input_request import SubscriptionChangeInputRequest
from .subscription_create_input_request import SubscriptionCreateInputRequest
from .subscription_output import SubscriptionOutput
from .summary_output import SummaryOutput
from .tier_input_request import TierInputRequest
from .tier_output import TierOutput
from .type_enum import TypeEnum
from .uncosted_status_enum import UncostedStatusEnum
from .unpriced_event_output import UnpricedEventOutput
from .unpriced_event_output_missing_item import UnpricedEventOutputMissingItem
from .unpriced_event_output_missing_item_kind import UnpricedEventOutputMissingItemKind
from .usage_event_batch_input_request import UsageEventBatchInputRequest
from .usage_event_detail_output import UsageEventDetailOutput
from .usage_event_input_request import UsageEventInputRequest
from .usage_event_input_request_properties_type_0 import (
    UsageEventInputRequestPropertiesType0,
)
from .usage_event_output import UsageEventOutput
from .usage_latency_percentiles import UsageLatencyPercentiles
from .usage_outcome_counts import UsageOutcomeCounts
from .usage_percentiles import UsagePercentiles
from .usage_retrieve_bucket import UsageRetrieveBucket
from .usage_row_output import UsageRowOutput
from .usage_summary import UsageSummary
from .webhook_delivery_output import WebhookDeliveryOutput
from .webhook_delivery_output_status_enum import WebhookDeliveryOutputStatusEnum
from .webhook_endpoint_create_input_request import WebhookEndpointCreateInputRequest
from .webhook_endpoint_created_output import WebhookEndpointCreatedOutput
from .webhook_endpoint_output import WebhookEndpointOutput
from .what_if_candidate_input_request import WhatIfCandidateInputRequest
from .what_if_candidate_output import WhatIfCandidateOutput
from .what_if_change_input_request import WhatIfChangeInputRequest
from .what_if_change_input_type_enum import WhatIfChangeInputTypeEnum
from .what_if_class_output import WhatIfClassOutput
from .what_if_create_input_request import WhatIfCreateInputRequest
from .what_if_customer_output import WhatIfCustomerOutput
from .what_if_customer_side_output import WhatIfCustomerSideOutput
from .what_if_figures_output import WhatIfFiguresOutput
from .what_if_fixed_costs_output import WhatIfFixedCostsOutput
from .what_if_output import WhatIfOutput
from .what_if_results_output import WhatIfResultsOutput
from .what_if_results_output_changes_item import WhatIfResultsOutputChangesItem
from .what_if_summary_output import WhatIfSummaryOutput

__all__ = (
    "AcquisitionCostCreateInputRequest",
    "AcquisitionCostOutput",
    "AlertOutput",
    "AlertOutputKindEnum",
    "AlertsListKind",
    "ApiKeyCreateInputRequest",
    "ApiKeyCreatedOutput",
    "ApiKeyOutput",
    "AtEnum",
    "AuditActorOutput",
    "AuditActorTypeEnum",
    "AuditEntryOutput",
    "AuthorizationOutput",
    "AuthorizationSettleInputRequest",
    "AuthorizeEstimate",
    "AuthorizeInputRequest",
    "AuthorizeOutput",
    "AuthorizeOutputBudgetsItem",
    "AutoTopUpInputRequest",
    "AutoTopUpMade",
    "AutoTopUpOutput",
    "BudgetCreateInputRequest",
    "BudgetOutput",
    "CategoryEnum",
    "ChargeInputRequest",
    "ChargeOutput",
    "ClassFiguresOutput",
    "CohortMonthOutput",
    "CohortOutput",
    "CohortReportOutput",
    "CompositeClassOutput",
    "CompositeEventOutput",
    "CompositeOutput",
    "CompositeReportOutput",
    "CompositeWorstOutput",
    "CostRecalculationCreateInputRequest",
    "CostRecalculationOutput",
    "CostRecalculationOutputStatusEnum",
    "CostSloCreateInputRequest",
    "CostSloOutput",
    "CostStatusEnum",
    "CostsUnpricedListStatus",
    "CreditAlertSettingsInputRequest",
    "CreditAlertSettingsOutput",
    "CreditBalanceOutput",
    "CreditEntryOutput",
    "CreditGrantBalance",
    "CreditGrantCreateInputRequest",
    "CreditGrantKindEnum",
    "CreditGrantOutput",
    "CrossingBlendedOutput",
    "CrossingClassOutput",
    "CrossingClassOutputStatusEnum",
    "CrossingErrorOutput",
    "CrossingErrorsOutput",
    "CrossingMethodOutput",
    "CrossingPeriodOutput",
    "CrossingRecentOutput",
    "CrossingReportOutput",
    "CustomerCreateInputRequest",
    "CustomerCreateInputRequestMetadata",
    "CustomerEconomicsOutput",
    "CustomerEconomicsOutputStatusEnum",
    "CustomerOutput",
    "CustomerOutputMetadata",
    "CustomerProjectionOutput",
    "CustomerReadTokenCreateInputRequest",
    "CustomerReadTokenCreatedOutput",
    "CustomerReadTokenOutput",
    "CustomerReadTokenStatusEnum",
    "CustomerReadTokensRevokedOutput",
    "DistributionOutput",
    "EconomicsCustomersListStatus",
    "EconomicsRequestClassesGroupBy",
    "EventAmendInputRequest",
    "EventIngestOutput",
    "EventVerdict",
    "EventVerdictStatusEnum",
    "EventVoidInputRequest",
    "ExpectedUsageRequest",
    "FeatureOutput",
    "FeatureReportOutput",
    "FieldError",
    "FixedCostCreateInputRequest",
    "FixedCostOutput",
    "FixedCostUtilisationLine",
    "FixedCostUtilisationLineByCategory",
    "FixedCostUtilisationOutput",
    "FixedCostsListCategory",
    "GpuRateCreateInputRequest",
    "GpuRateOutput",
    "GroupedByEnum",
    "HealthStatus",
    "HealthStatusChecks",
    "HealthStatusStatusEnum",
    "InvoiceLineOutput",
    "InvoiceLineOutputKindEnum",
    "InvoiceOutput",
    "InvoicePreviewOutput",
    "LongContext",
    "LongContextRequest",
    "LtvBasisEnum",
    "MeasureEnum",
    "MetricEnum",
    "MixBlendedOutput",
    "MixBlendedSideOutput",
    "MixClassOutput",
    "MixReportOutput",
    "MixSideOutput",
    "ModelPriceCreateInputRequest",
    "ModelPriceImportOutput",
    "ModelPriceImportOutputSkipped",
    "ModelPriceOutput",
    "ModelPricesImportBody",
    "ModelPricesImportSource",
    "MonthToDateOutput",
    "OriginEnum",
    "OtlpTracesExportJsonBody",
    "OtlpTracesExportJsonBodyResourceSpansItem",
    "OtlpTracesExportJsonBodyResourceSpansItemResource",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItem",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType0",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType1",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType2",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType3",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType4",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType4ArrayValue",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType5",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType5KvlistValue",
    "OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType6",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItem",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemScope",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItem",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4ArrayValue",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5KvlistValue",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType6",
    "OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemStatus",
    "OtlpTracesExportResponse200",
    "OtlpTracesExportResponse200PartialSuccess",
    "OutcomeEnum",
    "PaginatedAcquisitionCostList",
    "PaginatedAlertList",
    "PaginatedApiKeyList",
    "PaginatedAuditEntryList",
    "PaginatedCostRecalculationList",
    "PaginatedCostSloList",
    "PaginatedCustomerEconomicsList",
    "PaginatedCustomerList",
    "PaginatedFixedCostList",
    "PaginatedGpuRateList",
    "PaginatedInvoiceList",
    "PaginatedModelPriceList",
    "PaginatedPlanList",
    "PaginatedPlanVersionList",
    "PaginatedServiceRateList",
    "PaginatedSimulationSummaryList",
    "PaginatedStripeOutboxList",
    "PaginatedSubscriptionList",
    "PaginatedUnpricedEventList",
    "PaginatedUsageEventList",
    "PaginatedWebhookDeliveryList",
    "PaginatedWebhookEndpointList",
    "PaginatedWhatIfSummaryList",
    "PatchedCustomerUpdateInputRequest",
    "PatchedCustomerUpdateInputRequestMetadata",
    "PatchedFixedCostUpdateInputRequest",
    "PatchedGpuRateUpdateInputRequest",
    "PatchedModelPriceUpdateInputRequest",
    "PatchedPlanVersionUpdateInputRequest",
    "PatchedServiceRateUpdateInputRequest",
    "PlanCreateInputRequest",
    "PlanCreatedOutput",
    "PlanOutput",
    "PlanVersionCreateInputRequest",
    "PlanVersionMigrateInputRequest",
    "PlanVersionMigratedOutput",
    "PlanVersionOutput",
    "PlanVersionStatusEnum",
    "PlanVersionSummaryOutput",
    "PriceModelEnum",
    "ProblemDetail",
    "ReasonEnum",
    "RequestClassReportOutput",
    "RequestClassRevenueOutput",
    "ScopesEnum",
    "ServiceRateCreateInputRequest",
    "ServiceRateOutput",
    "SetByEnum",
    "SimulationCandidateInputRequest",
    "SimulationClassPlanOutput",
    "SimulationCreateInputRequest",
    "SimulationCustomersInputRequest",
    "SimulationCustomersOutput",
    "SimulationCustomersOutputModeEnum",
    "SimulationMoverOutput",
    "SimulationMoversOutput",
    "SimulationOutput",
    "SimulationPlanOutput",
    "SimulationPlanTotalsOutput",
    "SimulationRequestClassOutput",
    "SimulationResultsOutput",
    "SimulationStatusEnum",
    "SimulationSummaryOutput",
    "SimulationTotalsOutput",
    "SourceEnum",
    "StripeConnectionInputModeEnum",
    "StripeConnectionInputRequest",
    "StripeConnectionOutput",
    "StripeDifferenceOutput",
    "StripeDifferenceOutputKindEnum",
    "StripeOutboxListStatus",
    "StripeOutboxOutput",
    "StripeOutboxOutputStatusEnum",
    "StripePreviewChargeOutput",
    "StripePreviewItemOutput",
    "StripePreviewOutput",
    "StripeReconciliationOutput",
    "StripeWebhookOutput",
    "StripeWebhookReceiveBody",
    "SubscriptionCancelInputRequest",
    "SubscriptionChangeInputRequest",
    "SubscriptionCreateInputRequest",
    "SubscriptionOutput",
    "SummaryOutput",
    "TierInputRequest",
    "TierOutput",
    "TypeEnum",
    "UncostedStatusEnum",
    "UnpricedEventOutput",
    "UnpricedEventOutputMissingItem",
    "UnpricedEventOutputMissingItemKind",
    "UsageEventBatchInputRequest",
    "UsageEventDetailOutput",
    "UsageEventInputRequest",
    "UsageEventInputRequestPropertiesType0",
    "UsageEventOutput",
    "UsageLatencyPercentiles",
    "UsageOutcomeCounts",
    "UsagePercentiles",
    "UsageRetrieveBucket",
    "UsageRowOutput",
    "UsageSummary",
    "WebhookDeliveryOutput",
    "WebhookDeliveryOutputStatusEnum",
    "WebhookEndpointCreateInputRequest",
    "WebhookEndpointCreatedOutput",
    "WebhookEndpointOutput",
    "WhatIfCandidateInputRequest",
    "WhatIfCandidateOutput",
    "WhatIfChangeInputRequest",
    "WhatIfChangeInputTypeEnum",
    "WhatIfClassOutput",
    "WhatIfCreateInputRequest",
    "WhatIfCustomerOutput",
    "WhatIfCustomerSideOutput",
    "WhatIfFiguresOutput",
    "WhatIfFixedCostsOutput",
    "WhatIfOutput",
    "WhatIfResultsOutput",
    "WhatIfResultsOutputChangesItem",
    "WhatIfSummaryOutput",
)
