import { GatewayIncidentListIndex1763900400000 } from './gateway-incident-list-index.migration';
import { GatewayInitial1763900000000 } from './gateway-initial.migration';
import { GatewayNodeFlavour1763900500000 } from './gateway-node-flavour.migration';
import { GatewayOneDuplicateFilter1763900600000 } from './gateway-one-duplicate-filter.migration';
import { GatewayOutboxTraceContext1763900200000 } from './gateway-outbox-trace-context.migration';
import { GatewayReadModels1763900100000 } from './gateway-read-models.migration';
import { GatewayRetentionIndexes1763900300000 } from './gateway-retention-indexes.migration';
import { GatewayTrendBuckets1763900550000 } from './gateway-trend-buckets.migration';

/** The gateway schema's migrations, oldest first (TypeORM runs those not yet applied). */
export const GATEWAY_MIGRATIONS = [
  GatewayInitial1763900000000,
  GatewayReadModels1763900100000,
  GatewayOutboxTraceContext1763900200000,
  GatewayRetentionIndexes1763900300000,
  GatewayIncidentListIndex1763900400000,
  GatewayNodeFlavour1763900500000,
  GatewayTrendBuckets1763900550000,
  GatewayOneDuplicateFilter1763900600000,
];
