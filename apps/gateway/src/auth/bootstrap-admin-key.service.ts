import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppLogger } from '@flowpilot/shared';
import { GatewayConfig } from '../gateway.config';
import { ApiKeyService } from './api-key.service';

/**
 * GATEWAY_BOOTSTRAP_ADMIN_KEY gives a fresh install its first admin key.
 * Only its hash is stored; a key an admin has revoked stays revoked.
 */
@Injectable()
export class BootstrapAdminKey implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.GATEWAY_BOOTSTRAP_ADMIN_KEY;
    if (!key) return;
    const created = await this.keys.ensureAdminKey(key);
    this.logger.log(
      created ? 'bootstrap admin key stored (hashed)' : 'bootstrap admin key already present',
      {},
      'ApiKeys',
    );
  }
}
