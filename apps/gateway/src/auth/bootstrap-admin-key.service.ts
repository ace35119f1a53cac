import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppLogger } from '@flowpilot/shared';
import { BootstrapAdminKeySettings } from '../gateway.settings';
import { ApiKeyService } from './api-key.service';

/**
 * GATEWAY_BOOTSTRAP_ADMIN_KEY gives a fresh install its first admin key.
 * Only its hash is stored; a key an admin has revoked stays revoked.
 */
@Injectable()
export class BootstrapAdminKey implements OnApplicationBootstrap {
  constructor(
    @Inject(BootstrapAdminKeySettings) private readonly settings: BootstrapAdminKeySettings,
    @Inject(ApiKeyService) private readonly keys: Pick<ApiKeyService, 'ensureAdminKey'>,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = this.settings.adminKey;
    if (!key) return;
    const created = await this.keys.ensureAdminKey(key);
    this.logger.log(
      created ? 'bootstrap admin key stored (hashed)' : 'bootstrap admin key already present',
      {},
      'ApiKeys',
    );
  }
}
